"""The course's backpropagation formulas equal finite differences; the 2-2-1 network learns XOR and AND."""

import pytest

from keraslab.fundamentals.backprop import (CHAIN_EXAMPLE, LOGIC_GATE_TARGETS, chain_error, chain_gradients,
                                            chain_update, train_logic_gate)

EXAMPLE = {k: v for k, v in CHAIN_EXAMPLE.items() if k != "learning_rate"}


@pytest.mark.parametrize("values", [EXAMPLE, {"x1": -0.7, "w1": 1.3, "b1": -0.2, "w2": -2.0, "b2": 0.3,
                                               "target": 0.9}])
def test_chain_gradients_equal_finite_differences(values):
    gradients = chain_gradients(**values)
    step = 1e-6
    for name in ("w1", "b1", "w2", "b2"):
        up, down = dict(values), dict(values)
        up[name] += step
        down[name] -= step
        numeric = (chain_error(**up) - chain_error(**down)) / (2 * step)
        assert gradients[name] == pytest.approx(numeric, abs=1e-7), name


def test_one_update_gives_the_course_numbers():
    updated = chain_update(**EXAMPLE, learning_rate=0.4)
    assert round(updated["w2"], 4) == 0.4272
    assert round(updated["b2"], 4) == 0.6121
    assert round(updated["w1"], 4) == 0.1496
    assert round(updated["b1"], 4) == 0.3959


@pytest.mark.parametrize("gate", ["xor", "and"])
def test_logic_gates_are_learned(gate):
    # A larger step than the course's 0.1 solves the gate in a few thousand epochs.
    outcome = train_logic_gate(LOGIC_GATE_TARGETS[gate], learning_rate=2.0, max_epochs=30_000, seed=42)
    assert outcome["epochs_to_solve"] is not None
    assert outcome["mean_abs_error"] <= 0.01
    assert ((outcome["predictions"] > 0.5) == LOGIC_GATE_TARGETS[gate].astype(bool)).all()
