"""Gradient descent on the course's example: data from z = 2x, a model z = w x, and the cost

    J(w) = mean((z - w x)^2),   dJ/dw = -2 mean(x (z - w x)).

Starting from w = 0, each step moves w against the slope: w <- w - learning_rate * dJ/dw. For this
cost the distance to the answer shrinks by a factor |1 - 2 learning_rate mean(x^2)| per step, so a
learning rate above 1 / mean(x^2) overshoots further every step and diverges; a tiny one crawls.
"""

import numpy as np


def cost(w, x, z):
    return np.mean((z - w * x) ** 2)


def cost_gradient(w, x, z):
    return -2 * np.mean(x * (z - w * x))


def descend(x, z, learning_rate, num_steps, w=0.0):
    """Every w visited (num_steps + 1 values, the start included)."""
    path = [w]
    for _ in range(num_steps):
        w = w - learning_rate * cost_gradient(w, x, z)
        path.append(w)
    return np.array(path)


def steps_to_converge(path, target, tolerance):
    """The first step at which |w - target| <= tolerance, or None if it never gets there."""
    close = np.flatnonzero(np.abs(path - target) <= tolerance)
    return int(close[0]) if len(close) else None
