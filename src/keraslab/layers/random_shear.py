"""Random shear, the one ImageDataGenerator transform Keras 3 has no preprocessing layer for.

Each image is sheared horizontally and vertically by angles drawn uniformly from
[-factor, factor] (a fraction of 45 degrees, like RandomRotation's factor is of a full turn),
with the affine matrix centred on the image so its middle stays put. Only in training: at
inference the layer is the identity. The draw comes from a SeedGenerator, so a seed fixes it.
"""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keraslab")
class RandomShear(keras.layers.Layer):
    def __init__(self, factor=0.2, fill_mode="reflect", interpolation="bilinear", seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= factor <= 1:
            raise ValueError(f"RandomShear: factor must be in [0, 1] (a fraction of 45 degrees); got {factor}.")
        self.factor = factor
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, images, training=None):
        if not training or self.factor == 0:
            return images
        batch = ops.shape(images)[0]
        # tan(angle) for angle in [-factor * 45deg, factor * 45deg]: at most `factor` pixels of shift per pixel.
        angles = keras.random.uniform((batch, 2), -self.factor, self.factor, seed=self.seed_generator)
        return self.shear(images, ops.tan(angles * (3.141592653589793 / 4)))

    def shear(self, images, amounts):
        """Shear each image by its (shear_x, shear_y) row of `amounts`, about the image centre.

        Output pixel (x, y) samples input (x + sx * (y - cy), y + sy * (x - cx)).
        """
        height = ops.cast(ops.shape(images)[1], "float32")
        width = ops.cast(ops.shape(images)[2], "float32")
        amounts = ops.cast(amounts, "float32")
        shear_x, shear_y = amounts[:, 0], amounts[:, 1]
        zeros, ones = ops.zeros_like(shear_x), ops.ones_like(shear_x)
        center_x, center_y = (width - 1) / 2, (height - 1) / 2
        transform = ops.stack([ones, shear_x, -shear_x * center_y,
                               shear_y, ones, -shear_y * center_x,
                               zeros, zeros], axis=1)
        return ops.image.affine_transform(ops.cast(images, "float32"), transform, interpolation=self.interpolation,
                                          fill_mode=self.fill_mode)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "seed": self.seed}
