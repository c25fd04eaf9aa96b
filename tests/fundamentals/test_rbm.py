"""The RBM's formulas against brute-force enumeration, and contrastive divergence learning digits."""

import itertools

import numpy as np
import pytest

from keraslab.fundamentals.activations import sigmoid
from keraslab.fundamentals.rbm import BernoulliRBM

from tests.conftest import needs_mirror


def tiny_rbm():
    rbm = BernoulliRBM(3, 2, seed=0, dtype="float64")
    rng = np.random.default_rng(1)
    rbm.weights = rng.standard_normal((3, 2))
    rbm.visible_bias = rng.standard_normal(3)
    rbm.hidden_bias = rng.standard_normal(2)
    return rbm


def energy(rbm, v, h):
    return -(v @ rbm.weights @ h) - rbm.visible_bias @ v - rbm.hidden_bias @ h


def all_states(count):
    return np.array(list(itertools.product([0.0, 1.0], repeat=count)))


def test_free_energy_sums_out_the_hidden_units():
    rbm = tiny_rbm()
    visible = all_states(3)
    brute = np.array([-np.log(sum(np.exp(-energy(rbm, v, h)) for h in all_states(2))) for v in visible])
    assert np.allclose(rbm.free_energy(visible), brute)


def test_conditionals_match_the_joint_distribution():
    rbm = tiny_rbm()
    v = np.array([1.0, 0.0, 1.0])
    hidden = all_states(2)
    weights = np.exp([-energy(rbm, v, h) for h in hidden])
    p_first_on = weights[hidden[:, 0] == 1].sum() / weights.sum()
    assert rbm.hidden_probabilities(v[None])[0, 0] == pytest.approx(p_first_on)
    h = np.array([0.0, 1.0])
    assert np.allclose(rbm.visible_probabilities(h[None])[0], sigmoid(rbm.weights @ h + rbm.visible_bias))


@needs_mirror
@pytest.mark.slow
def test_contrastive_divergence_lowers_reconstruction_error_on_digits():
    from keraslab.data.load import load_image_data

    images = load_image_data("mnist").x_train[:1000].reshape(1000, -1)
    v = (images > 127).astype("float32")
    rbm = BernoulliRBM(784, 64, seed=0)
    before = rbm.reconstruction_error(v)
    for _ in range(3):
        for start in range(0, len(v), 50):
            rbm.contrastive_divergence(v[start:start + 50], learning_rate=0.1, cd_steps=1)
    after = rbm.reconstruction_error(v)
    assert after < 0.5 * before
    # Training data become more likely than the same pixels shuffled (lower free energy).
    shuffled = np.random.default_rng(0).permuted(v, axis=1)
    assert rbm.free_energy(v).mean() < rbm.free_energy(shuffled).mean()
