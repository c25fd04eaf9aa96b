"""Mirror images left to right, always (not a random augmentation): the second view of test-time flipping.

A named layer rather than a Lambda, so that models using it load in Keras's safe mode.
"""

import keras


@keras.saving.register_keras_serializable(package="keraslab")
class HorizontalFlip(keras.layers.Layer):
    def call(self, inputs):
        return keras.ops.flip(inputs, axis=-2)  # (batch, height, width, channels): width is axis -2

    def compute_output_shape(self, input_shape):
        return input_shape
