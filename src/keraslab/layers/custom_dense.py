"""CustomDense: the course's first custom layer, `y = activation(x @ kernel + bias)`, written out.

The anatomy every Keras layer shares: `__init__` stores arguments, `build` creates the weights once
the input size is known, `call` computes, `get_config` returns the arguments so a saved model
loads back with `keras.saving.load_model`.
"""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keraslab")
class CustomDense(keras.layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        if int(units) < 1:
            raise ValueError(f"CustomDense: units must be a positive integer; got {units}.")
        self.units = int(units)
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return self.activation(ops.matmul(inputs, self.kernel) + self.bias)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": keras.activations.serialize(self.activation)}
