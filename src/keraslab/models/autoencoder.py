"""Autoencoders for small images: a dense one (the course's 784-64-32-64-784) and a convolutional one.

Both end in a sigmoid, so they pair with binary cross-entropy on pixels in [0, 1]. Each builder
returns (autoencoder, encoder); the encoder shares its layers, so it gives the trained codes.
"""

import keras
from keras import layers


def build_dense_autoencoder(image_shape, hidden_units=(64, 32)):
    """Encoder: flatten -> Dense(hidden_units...); the last size is the code. Decoder mirrors it."""
    if not hidden_units or min(int(u) for u in hidden_units) <= 0:
        raise ValueError(f"hidden_units must be positive sizes ending with the code size, got {list(hidden_units)}.")
    images = keras.Input(shape=image_shape, name="images")
    x = layers.Flatten(name="flatten")(images)
    for index, units in enumerate(hidden_units):
        x = layers.Dense(int(units), activation="relu", name=f"encode_{index + 1}")(x)
    code = x
    for index, units in enumerate(reversed(hidden_units[:-1])):
        x = layers.Dense(int(units), activation="relu", name=f"decode_{index + 1}")(x)
    size = 1
    for side in image_shape:
        size *= side
    x = layers.Dense(size, activation="sigmoid", name="pixels")(x)
    outputs = layers.Reshape(image_shape, name="image")(x)
    return keras.Model(images, outputs, name="dense_autoencoder"), keras.Model(images, code, name="encoder")


def build_conv_autoencoder(image_shape, conv_filters=(16, 32)):
    """Stride-2 convolutions down to the code, stride-2 transpose convolutions back up."""
    images = keras.Input(shape=image_shape, name="images")
    x = images
    for index, filters in enumerate(conv_filters):
        x = layers.Conv2D(int(filters), 3, strides=2, padding="same", activation="relu", name=f"encode_{index + 1}")(x)
    code = x
    for index, filters in enumerate(reversed(conv_filters)):
        x = layers.Conv2DTranspose(int(filters), 3, strides=2, padding="same", activation="relu",
                                   name=f"decode_{index + 1}")(x)
    outputs = layers.Conv2D(image_shape[-1], 3, padding="same", activation="sigmoid", name="image")(x)
    return keras.Model(images, outputs, name="conv_autoencoder"), keras.Model(images, code, name="encoder")
