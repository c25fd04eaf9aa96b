"""Fixed sinusoidal positions ("Attention is all you need", section 3.5), added to token embeddings.

    PE[pos, 2i]   = sin(pos / 10000^(2i / d_model))
    PE[pos, 2i+1] = cos(pos / 10000^(2i / d_model))

No weights, so any length works, including lengths longer than those seen in training.
"""

import keras
from keras import layers, ops


def sinusoidal_positions(length, depth, dtype="float32"):
    """(length, depth) table, sines in even columns and cosines in odd ones."""
    positions = ops.cast(ops.expand_dims(ops.arange(length), 1), dtype)
    pairs = ops.cast(ops.arange(0, depth, 2), dtype)
    angles = positions / ops.power(ops.cast(10000.0, dtype), pairs / depth)  # (length, ceil(depth / 2))
    interleaved = ops.reshape(ops.stack([ops.sin(angles), ops.cos(angles)], axis=-1), (length, -1))
    return interleaved[:, :depth]


@keras.saving.register_keras_serializable(package="keraslab")
class SinusoidalPositionalEmbedding(layers.Layer):
    """`inputs + PE`, for inputs `(batch, length, d_model)`. Passes any padding mask through."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs):
        shape = ops.shape(inputs)
        return inputs + ops.cast(sinusoidal_positions(shape[1], shape[2]), inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape
