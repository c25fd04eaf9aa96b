"""A multilayer perceptron: Dense layers, optional dropout, then the output layer."""

import keras
from keras import layers


def build_mlp(input_dim, output_units, hidden_units=(64, 64), activation="relu", dropout_rate=0.0,
              output_activation=None, name="mlp"):
    inputs = keras.Input(shape=(input_dim,), name="features")
    x = inputs
    for index, units in enumerate(hidden_units):
        x = layers.Dense(int(units), activation=activation, name=f"dense_{index + 1}")(x)
        if dropout_rate:
            x = layers.Dropout(dropout_rate, name=f"dropout_{index + 1}")(x)
    outputs = layers.Dense(output_units, activation=output_activation, name="output")(x)
    return keras.Model(inputs, outputs, name=name)
