"""A small classifier head on pooled features, in the styles the ML Zoomcamp lessons compare.

    features -> [Dense -> (BatchNormalization) -> ReLU] per hidden layer -> (Dropout) -> Dense softmax

style: plain (Keras's default Glorot-uniform initialisation), he (he_normal, which keeps the variance of
ReLU activations from layer to layer), batchnorm (BatchNormalization between each Dense and its ReLU, the
Dense then without a bias, which the normalisation would cancel), batchnorm-he (both).
"""

import keras
from keras import layers


def build_dense_head(feature_dim, num_classes, hidden_units=(), dropout_rate=0.0, style="plain", name="head"):
    initializer = "he_normal" if "he" in style.split("-") else "glorot_uniform"
    batch_norm = style.startswith("batchnorm")
    inputs = keras.Input(shape=(feature_dim,), name="features")
    x = inputs
    for index, units in enumerate(hidden_units, start=1):
        x = layers.Dense(int(units), kernel_initializer=initializer, use_bias=not batch_norm, name=f"dense_{index}")(x)
        if batch_norm:
            x = layers.BatchNormalization(name=f"batch_norm_{index}")(x)
        x = layers.Activation("relu", name=f"relu_{index}")(x)
    if dropout_rate:
        x = layers.Dropout(dropout_rate, name="dropout")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="class_probabilities")(x)
    return keras.Model(inputs, outputs, name=name)
