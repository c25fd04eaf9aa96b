"""TimestepEmbedding: a diffusion step t as sines and cosines of geometric frequencies (Vaswani et al.).

The U-Net must know how noisy its input is; a raw integer is a poor input, while sinusoids at
frequencies from 1 to 1/max_period give every step a distinct, smoothly varying code.
"""

import math

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keraslab")
class TimestepEmbedding(keras.layers.Layer):
    """Timesteps of shape (batch,) or (batch, 1) -> (batch, dim) embeddings: [sin(t w), cos(t w)]."""

    def __init__(self, dim, max_period=10000.0, **kwargs):
        super().__init__(**kwargs)
        if int(dim) < 2 or int(dim) % 2:
            raise ValueError(f"TimestepEmbedding dim must be an even integer >= 2, got {dim}. Pass e.g. dim=64.")
        self.dim = int(dim)
        self.max_period = max_period

    def call(self, timesteps):
        half = self.dim // 2
        frequencies = ops.exp(-math.log(self.max_period) * ops.arange(half, dtype="float32") / half)
        t = ops.reshape(ops.cast(timesteps, "float32"), (-1, 1))
        angles = t * ops.expand_dims(frequencies, 0)
        return ops.concatenate([ops.sin(angles), ops.cos(angles)], axis=-1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.dim)

    def get_config(self):
        return {**super().get_config(), "dim": self.dim, "max_period": self.max_period}
