"""Learned positions: one trainable vector per position, added to token embeddings (GPT-2, BERT).

Unlike the sinusoidal table these cannot go past `max_length`: a longer input is an error.
"""

import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="keraslab")
class LearnedPositionalEmbedding(layers.Layer):
    """`inputs + P[:length]`, for inputs `(batch, length, d_model)` with length <= max_length."""

    def __init__(self, max_length, initializer="glorot_uniform", **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        self.initializer = initializer
        self.supports_masking = True

    def build(self, input_shape):
        if input_shape[1] is not None and input_shape[1] > self.max_length:
            raise ValueError(f"LearnedPositionalEmbedding(max_length={self.max_length}) received sequences of "
                             f"length {input_shape[1]}; raise max_length or shorten the input.")
        self.positions = self.add_weight(name="positions", shape=(self.max_length, input_shape[-1]),
                                         initializer=self.initializer)

    def call(self, inputs):
        length = ops.shape(inputs)[1]
        return inputs + ops.cast(self.positions[:length], inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "max_length": self.max_length, "initializer": self.initializer}
