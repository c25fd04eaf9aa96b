"""Gradient descent on z = 2x: the gradient is right, and the learning rate sets crawl, converge or diverge."""

import numpy as np
import pytest

from keraslab.fundamentals.gradient_descent import cost, cost_gradient, descend, steps_to_converge

X = np.linspace(-2, 2, 9)
Z = 2 * X


@pytest.mark.parametrize("w", [-1.0, 0.0, 0.7, 3.5])
def test_gradient_equals_finite_difference(w):
    step = 1e-6
    numeric = (cost(w + step, X, Z) - cost(w - step, X, Z)) / (2 * step)
    assert cost_gradient(w, X, Z) == pytest.approx(numeric, abs=1e-7)


def test_learning_rate_decides_the_outcome():
    limit = 1 / np.mean(X ** 2)  # the error is multiplied by |1 - 2 lr mean(x^2)| per step
    assert abs(descend(X, Z, 0.5 * limit, 1)[-1] - 2) < 1e-12, "half the limit lands in one step"
    assert steps_to_converge(descend(X, Z, 0.1, 50), 2.0, 1e-3) is not None
    assert abs(descend(X, Z, 0.01, 30)[-1] - 2) > 0.5, "a tiny step is still far away"
    diverging = descend(X, Z, 1.05 * limit, 30)
    assert abs(diverging[-1] - 2) > abs(diverging[1] - 2) > 2


def test_path_starts_at_zero_and_cost_falls():
    path = descend(X, Z, 0.1, 10)
    assert path[0] == 0 and len(path) == 11
    costs = [cost(w, X, Z) for w in path]
    assert all(later < earlier for earlier, later in zip(costs, costs[1:]))
