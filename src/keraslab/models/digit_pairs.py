"""A multi-input, multi-output functional model with a shared layer.

    first digit  --\\                        /-> sum (regression)
                    shared tower -> concat -
    second digit --/                        \\-> which is larger: first, second, equal (classification)

The tower is one keras.Model applied to both inputs: the same weights see both digits, which is
what "shared layer" means in the functional API.
"""

import keras
from keras import layers

LARGER_CLASSES = ("first", "second", "equal")


def build_tower(input_shape, filters=(32, 64), embedding_units=64, batch_norm=False):
    inputs = keras.Input(shape=input_shape, name="digit")
    x = layers.Rescaling(1 / 255)(inputs)
    for index, count in enumerate(filters):
        x = layers.Conv2D(int(count), 3, padding="same", use_bias=not batch_norm, name=f"conv_{index + 1}")(x)
        if batch_norm:
            x = layers.BatchNormalization(name=f"batch_norm_{index + 1}")(x)
        x = layers.Activation("relu")(x)
        x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(embedding_units, activation="relu", name="embedding")(x),
                       name="shared_tower")


def build_digit_pairs_model(input_shape, filters=(32, 64), embedding_units=64, batch_norm=False, dropout_rate=0.0):
    first = keras.Input(shape=input_shape, name="first")
    second = keras.Input(shape=input_shape, name="second")
    tower = build_tower(input_shape, filters, embedding_units, batch_norm)
    joined = layers.Concatenate(name="joined")([tower(first), tower(second)])
    if dropout_rate:
        joined = layers.Dropout(dropout_rate, name="dropout")(joined)
    hidden = layers.Dense(64, activation="relu", name="hidden")(joined)
    total = layers.Dense(1, name="sum")(hidden)
    larger = layers.Dense(len(LARGER_CLASSES), activation="softmax", name="larger")(hidden)
    return keras.Model({"first": first, "second": second}, {"sum": total, "larger": larger}, name="digit_pairs")
