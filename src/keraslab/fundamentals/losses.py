"""Losses with their gradients with respect to the prediction, averaged over the batch as Keras does.

With a sigmoid output and binary cross-entropy, or a softmax output and categorical cross-entropy,
the chain rule through the activation collapses to (prediction - target) / batch: `mlp.py` uses
that shortcut, because dividing by a prediction close to 0 is where the plain chain rule is unstable.
"""

from dataclasses import dataclass

import numpy as np

# Keras clips probabilities to [EPSILON, 1 - EPSILON] before taking logs; so do we, to agree with it.
EPSILON = 1e-7


def mean_squared_error(y_true, y_pred):
    return np.mean((y_pred - y_true) ** 2)


def mean_squared_error_gradient(y_true, y_pred):
    return 2 * (y_pred - y_true) / y_pred.size


def binary_crossentropy(y_true, y_pred):
    p = np.clip(y_pred, EPSILON, 1 - EPSILON)
    return -np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))


def binary_crossentropy_gradient(y_true, y_pred):
    p = np.clip(y_pred, EPSILON, 1 - EPSILON)
    return (p - y_true) / (p * (1 - p)) / y_pred.size


def categorical_crossentropy(y_true, y_pred):
    """y_true one-hot (batch, classes); y_pred probabilities summing to 1 per row."""
    p = np.clip(y_pred, EPSILON, 1 - EPSILON)
    return -np.mean(np.sum(y_true * np.log(p), axis=-1))


def categorical_crossentropy_gradient(y_true, y_pred):
    p = np.clip(y_pred, EPSILON, 1 - EPSILON)
    return -y_true / p / len(y_pred)


@dataclass(frozen=True)
class Loss:
    name: str
    function: object
    gradient: object
    # The output activation whose chain rule with this loss collapses to (prediction - target) / batch.
    paired_activation: str | None = None
    # Divisor of (prediction - target) in that shortcut: every element, or every row.
    mean_over_elements: bool = True


LOSSES = {
    "mse": Loss("mse", mean_squared_error, mean_squared_error_gradient),
    "binary_crossentropy": Loss("binary_crossentropy", binary_crossentropy, binary_crossentropy_gradient,
                                "sigmoid", True),
    "categorical_crossentropy": Loss("categorical_crossentropy", categorical_crossentropy,
                                     categorical_crossentropy_gradient, "softmax", False),
}


def get_loss(name):
    if isinstance(name, Loss):
        return name
    if name not in LOSSES:
        raise ValueError(f"Unknown loss '{name}'. Available: {', '.join(LOSSES)}.")
    return LOSSES[name]
