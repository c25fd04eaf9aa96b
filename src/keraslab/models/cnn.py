"""Small image classifiers: a dense net on flattened pixels, or Conv2D/MaxPool blocks then Dense."""

import keras
from keras import layers


def conv_blocks(x, conv_filters, kernel_size=3, batch_norm=False):
    """Conv2D (+ BatchNorm) + ReLU + 2x2 max-pool per entry of `conv_filters`; pooling stops at 1x1."""
    for index, filters in enumerate(conv_filters):
        x = layers.Conv2D(int(filters), kernel_size, padding="same", use_bias=not batch_norm,
                          name=f"conv_{index + 1}")(x)
        if batch_norm:
            x = layers.BatchNormalization(name=f"batch_norm_{index + 1}")(x)
        x = layers.Activation("relu", name=f"relu_{index + 1}")(x)
        if min(x.shape[1], x.shape[2]) >= 2:
            x = layers.MaxPooling2D(2, name=f"pool_{index + 1}")(x)
    return x


def build_image_classifier(input_shape, num_classes, model="cnn", conv_filters=(32, 64), kernel_size=3,
                           hidden_units=(128,), dropout_rate=0.0, batch_norm=False, name=None, rescale=True):
    inputs = keras.Input(shape=input_shape, name="image")
    # Pixels arrive as uint8 0..255; scaling inside the model means saved models take raw images.
    # rescale=False: the caller normalises in front (featurewise or samplewise statistics).
    x = layers.Rescaling(1 / 255, name="rescale")(inputs) if rescale else inputs
    if model == "cnn":
        x = conv_blocks(x, conv_filters, kernel_size, batch_norm)
    x = layers.Flatten(name="flatten")(x)
    for index, units in enumerate(hidden_units):
        x = layers.Dense(int(units), activation="relu", name=f"dense_{index + 1}")(x)
    if dropout_rate:
        x = layers.Dropout(dropout_rate, name="dropout")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="class_probabilities")(x)
    return keras.Model(inputs, outputs, name=name or f"{model}_classifier")


def build_cnn_backbone(input_shape, conv_filters=(32, 64, 128, 128), kernel_size=3, batch_norm=True, name="backbone"):
    """keraslab's own small VGG-style backbone: Conv-BN-ReLU-MaxPool blocks, feature map out.

    The same role as a keras.applications network without its top, small enough to train from
    scratch on a CPU in minutes, so keraslab can pretrain a backbone itself and show transfer offline.
    Takes inputs already scaled to 0..1.
    """
    inputs = keras.Input(shape=input_shape, name="scaled_image")
    return keras.Model(inputs, conv_blocks(inputs, conv_filters, kernel_size, batch_norm), name=name)
