"""Forecasters: a window of past values `(window, 1)` -> the next `horizon` values, in one shot."""

import keras
from keras import layers

from keraslab.layers.sinusoidal_positional_embedding import SinusoidalPositionalEmbedding
from keraslab.layers.transformer_block import TransformerBlock


def build_forecaster(kind, window, horizon, units=64, num_layers=1, dropout_rate=0.0, num_heads=4, name=None):
    """kind: lstm, gru, conv1d or transformer (an encoder: every step sees the whole window)."""
    inputs = keras.Input((window, 1), name="window")
    x = inputs
    if kind in ("lstm", "gru"):
        recurrent = {"lstm": layers.LSTM, "gru": layers.GRU}[kind]
        for index in range(num_layers):
            x = recurrent(units, return_sequences=index < num_layers - 1, dropout=dropout_rate)(x)
    elif kind == "conv1d":
        for _ in range(num_layers):
            # Causal padding: each output step sees only steps at or before it, like the recurrences.
            x = layers.Conv1D(units, kernel_size=3, padding="causal", activation="relu")(x)
        x = layers.Flatten()(x)
    elif kind == "transformer":
        x = layers.Dense(units)(x)
        x = SinusoidalPositionalEmbedding()(x)
        for _ in range(num_layers):
            x = TransformerBlock(num_heads, 2 * units, dropout_rate)(x)
        x = layers.LayerNormalization(epsilon=1e-5)(x)
        x = layers.Flatten()(x)
    else:
        raise ValueError(f"build_forecaster: kind must be lstm, gru, conv1d or transformer; got '{kind}'.")
    x = layers.Dropout(dropout_rate)(x)
    outputs = layers.Dense(horizon, name="forecast")(x)
    return keras.Model(inputs, outputs, name=name or f"{kind}_forecaster")
