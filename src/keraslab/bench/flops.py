"""Training FLOPs of a Keras model, counted from its layers (forward multiply-adds x 3 for training)."""

import numpy as np


def forward_flops(model):
    """Forward-pass FLOPs per sample for Dense, Conv and recurrent layers (2 per multiply-add)."""
    total = 0
    for layer in _leaf_layers(model):
        kind = type(layer).__name__
        try:
            output_shape = layer.output.shape
        except (AttributeError, ValueError):
            continue
        if kind == "Dense":
            total += 2 * int(np.prod(output_shape[1:-1] or [1])) * layer.kernel.shape[0] * layer.units
        elif kind in ("Conv1D", "Conv2D", "Conv2DTranspose", "Conv1DTranspose"):
            kernel = layer.kernel.shape
            positions = int(np.prod(output_shape[1:-1]))
            total += 2 * positions * int(np.prod(kernel[:-2])) * kernel[-2] * kernel[-1]
        elif kind in ("LSTM", "GRU", "SimpleRNN"):
            gates = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}[kind]
            steps = layer.input.shape[1]
            features = layer.input.shape[-1]
            total += 2 * steps * gates * layer.units * (features + layer.units)
    return total


def training_flops(model):
    """Backward costs about twice the forward pass."""
    return 3 * forward_flops(model)


def _leaf_layers(model):
    for layer in model.layers:
        if hasattr(layer, "layers") and layer.layers:
            yield from _leaf_layers(layer)
        else:
            yield layer
