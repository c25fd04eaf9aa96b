"""The NumPy MLP: backpropagated gradients equal finite differences; shapes that do not fit are refused."""

import numpy as np
import pytest

from keraslab.fundamentals.mlp import MLP, SGD, accuracy, one_hot, train_epoch

CASES = [
    ("mse", ["tanh", "sigmoid", "linear"], 2),
    ("binary_crossentropy", ["relu", "leaky_relu", "sigmoid"], 1),
    ("categorical_crossentropy", ["sigmoid", "tanh", "softmax"], 3),
    # softmax with a loss it is not paired with: the gradient goes through the Jacobian.
    ("mse", ["relu", "tanh", "softmax"], 3),
]


def data(outputs, loss, rng):
    x = rng.standard_normal((7, 4))
    if loss == "categorical_crossentropy":
        return x, one_hot(rng.integers(0, outputs, 7), outputs, dtype="float64")
    if loss == "binary_crossentropy":
        return x, rng.integers(0, 2, (7, outputs)).astype(float)
    return x, rng.standard_normal((7, outputs))


@pytest.mark.parametrize("loss, activations, outputs", CASES)
def test_gradients_equal_finite_differences(loss, activations, outputs):
    rng = np.random.default_rng(0)
    model = MLP([4, 5, 3, outputs], activations, loss, seed=3, dtype="float64")
    x, y = data(outputs, loss, rng)
    _, weight_grads, bias_grads = model.gradients(x, y)
    step = 1e-6
    for parameter, analytic in zip(model.parameters, weight_grads + bias_grads):
        numeric = np.zeros_like(parameter)
        for index in np.ndindex(parameter.shape):
            saved = parameter[index]
            parameter[index] = saved + step
            up = model.compute_loss(x, y)
            parameter[index] = saved - step
            down = model.compute_loss(x, y)
            parameter[index] = saved
            numeric[index] = (up - down) / (2 * step)
        assert np.allclose(analytic, numeric, atol=1e-7), loss


def test_momentum_sgd_follows_the_keras_rule():
    parameter, gradient = np.array([1.0]), np.array([0.5])
    optimizer = SGD(learning_rate=0.1, momentum=0.9)
    optimizer.apply([parameter], [gradient])
    optimizer.apply([parameter], [gradient])
    # v1 = -0.05, p1 = 0.95; v2 = 0.9 v1 - 0.05 = -0.095, p2 = 0.855
    assert parameter[0] == pytest.approx(0.855)


def test_learns_a_separable_problem():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((400, 2))
    labels = (x[:, 0] * x[:, 1] > 0).astype(int)  # quadrants: needs a hidden layer
    model = MLP([2, 16, 2], ["tanh", "softmax"], "categorical_crossentropy", seed=0)
    optimizer = SGD(0.1, 0.9)
    for _ in range(60):
        train_epoch(model, x, one_hot(labels, 2), 20, optimizer, rng)
    assert accuracy(model, x, labels) > 0.95


def test_input_that_does_not_fit_names_both_shapes():
    model = MLP([3, 4, 1], ["relu", "sigmoid"], "binary_crossentropy")
    with pytest.raises(ValueError, match=r"Input of shape \(5, 2\) does not fit weights of shape \(3, 4\)"):
        model.forward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"Targets of shape \(5, 2\) do not match outputs of shape \(5, 1\)"):
        model.gradients(np.zeros((5, 3)), np.zeros((5, 2)))


def test_configuration_errors_name_what_is_wrong():
    with pytest.raises(ValueError, match=r"2 layers \(\[3, 4, 1\]\) need 2 activations, got 1"):
        MLP([3, 4, 1], ["relu"])
    with pytest.raises(ValueError, match="Unknown activation 'rellu'. Available: binary_step"):
        MLP([3, 4, 1], ["rellu", "sigmoid"])
    with pytest.raises(ValueError, match="Unknown loss 'hinge'. Available: mse, binary_crossentropy"):
        MLP([3, 1], ["sigmoid"], loss="hinge")
    with pytest.raises(ValueError, match="Unknown init 'orthogonal'. Available: glorot_uniform"):
        MLP([3, 1], ["sigmoid"], init="orthogonal")
