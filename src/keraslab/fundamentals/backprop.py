"""Backpropagation: the chain rule, one neuron at a time, then a 2-2-1 network that learns XOR.

The course's chain: x1 -> neuron 1 (w1, b1) -> a1 -> neuron 2 (w2, b2) -> a2, error E = 1/2 (T - a2)^2.
Every gradient is a product along the path from the weight to the error:

    dE/dw2 = -(T - a2) a2 (1 - a2) a1
    dE/db2 = -(T - a2) a2 (1 - a2)
    dE/dw1 = -(T - a2) a2 (1 - a2) w2 a1 (1 - a1) x1
    dE/db1 = -(T - a2) a2 (1 - a2) w2 a1 (1 - a1)

The logic gates use the same formulas in matrix form, summed over the four input pairs, as the
course's lab does (so its learning rate of 0.1 means the same step here).
"""

import numpy as np

from keraslab.fundamentals.activations import sigmoid

# The course's backpropagation example: the worked example's chain, a target and a learning rate.
CHAIN_EXAMPLE = {"x1": 0.1, "w1": 0.15, "b1": 0.4, "w2": 0.45, "b2": 0.65, "target": 0.25,
                 "learning_rate": 0.4}

LOGIC_GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
LOGIC_GATE_TARGETS = {"xor": np.array([0, 1, 1, 0], dtype=float), "and": np.array([0, 0, 0, 1], dtype=float)}


def chain_forward(x1, w1, b1, w2, b2):
    a1 = sigmoid(w1 * x1 + b1)
    a2 = sigmoid(w2 * a1 + b2)
    return a1, a2


def chain_error(x1, w1, b1, w2, b2, target):
    _, a2 = chain_forward(x1, w1, b1, w2, b2)
    return 0.5 * (target - a2) ** 2


def chain_gradients(x1, w1, b1, w2, b2, target):
    """The course's formulas: {'w1', 'b1', 'w2', 'b2'} -> dE/d(that parameter)."""
    a1, a2 = chain_forward(x1, w1, b1, w2, b2)
    delta2 = -(target - a2) * a2 * (1 - a2)   # dE/dz2
    delta1 = delta2 * w2 * a1 * (1 - a1)      # dE/dz1
    return {"w2": delta2 * a1, "b2": delta2, "w1": delta1 * x1, "b1": delta1}


def chain_update(x1, w1, b1, w2, b2, target, learning_rate):
    """One gradient-descent step on all four parameters: the new {'w1', 'b1', 'w2', 'b2'}."""
    params = {"w1": w1, "b1": b1, "w2": w2, "b2": b2}
    gradients = chain_gradients(x1, w1, b1, w2, b2, target)
    return {name: value - learning_rate * gradients[name] for name, value in params.items()}


def train_logic_gate(targets, learning_rate=0.1, max_epochs=180_000, tolerance=0.01, num_hidden=2, seed=0,
                     record_every=100):
    """Train an inputs-2-1 sigmoid network on the four input pairs until mean |T - a2| <= tolerance.

    Returns {'epochs_to_solve' (None if never), 'mean_abs_error', 'predictions', 'epochs', 'errors'}:
    `errors` is the mean absolute error every `record_every` epochs, for the learning curve.
    """
    x = LOGIC_GATE_INPUTS.T                       # (2 inputs, 4 examples): one column per example
    t = np.asarray(targets, dtype=float)[None, :]  # (1, 4)
    rng = np.random.default_rng(seed)
    w1, b1 = rng.standard_normal((num_hidden, 2)), np.zeros((num_hidden, 1))
    w2, b2 = rng.standard_normal((1, num_hidden)), np.zeros((1, 1))
    epochs, errors, solved_at = [], [], None
    for epoch in range(1, max_epochs + 1):
        a1 = sigmoid(w1 @ x + b1)
        a2 = sigmoid(w2 @ a1 + b2)
        error = t - a2
        mean_abs_error = float(np.mean(np.abs(error)))
        if epoch % record_every == 0 or epoch == 1:
            epochs.append(epoch)
            errors.append(mean_abs_error)
        if mean_abs_error <= tolerance:
            solved_at = epoch
            break
        # -dE/dz at each layer: the chain rule's shared factors, one column per example.
        delta2 = error * a2 * (1 - a2)
        delta1 = (w2.T @ delta2) * a1 * (1 - a1)
        w2 += learning_rate * delta2 @ a1.T
        b2 += learning_rate * delta2.sum(axis=1, keepdims=True)
        w1 += learning_rate * delta1 @ x.T
        b1 += learning_rate * delta1.sum(axis=1, keepdims=True)
    return {"epochs_to_solve": solved_at, "mean_abs_error": mean_abs_error, "predictions": a2[0],
            "epochs": epochs, "errors": errors, "epochs_run": epoch}
