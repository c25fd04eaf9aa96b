"""PositionEmbedding: a learned vector per position, added to a sequence of token embeddings."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keraslab")
class PositionEmbedding(keras.layers.Layer):
    """(batch, length, dim) -> the same plus a learned (length, dim) table, for length <= max_length."""

    def __init__(self, max_length, **kwargs):
        super().__init__(**kwargs)
        self.max_length = int(max_length)

    def build(self, input_shape):
        self.table = self.add_weight(shape=(self.max_length, input_shape[-1]), initializer="glorot_uniform",
                                     name="table")

    def call(self, inputs):
        return inputs + ops.expand_dims(self.table[:ops.shape(inputs)[1]], 0)

    def get_config(self):
        return {**super().get_config(), "max_length": self.max_length}
