"""Per-image standardisation: ImageDataGenerator's samplewise_center + samplewise_std_normalization.

Every image is shifted to mean 0 and scaled to standard deviation 1 over its own pixels, so a
dark photo and a bright photo of the same thing look alike to the network. Same in training and
at inference (it is normalisation, not augmentation).
"""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keraslab")
class SamplewiseNormalization(keras.layers.Layer):
    def __init__(self, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = epsilon

    def call(self, images):
        images = ops.cast(images, self.compute_dtype)
        mean = ops.mean(images, axis=(1, 2, 3), keepdims=True)
        std = ops.std(images, axis=(1, 2, 3), keepdims=True)
        return (images - mean) / (std + self.epsilon)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}
