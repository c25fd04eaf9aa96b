"""DeepQLearner: in-graph Bellman targets equal the NumPy reference; the target network holds still
between syncs; hard and soft syncs; a save/load round trip."""

import keras
import numpy as np
import pytest

from keraslab.models.deep_q_learner import DeepQLearner
from keraslab.models.q_network import build_q_network
from keraslab.rl.bellman import dqn_targets


def _learner(double_dqn=False, with_target=True, huber_delta=1.0):
    keras.utils.set_random_seed(0)
    q_network = build_q_network(4, 2, (16, 16))
    target = build_q_network(4, 2, (16, 16), name="target_network") if with_target else None
    learner = DeepQLearner(q_network, target, gamma=0.9, double_dqn=double_dqn, huber_delta=huber_delta)
    learner.compile(optimizer=keras.optimizers.Adam(1e-2))
    return learner


def _batch(size=32, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(size, 4)).astype("float32"), rng.integers(0, 2, size).astype("int32"),
            rng.normal(size=size).astype("float32"), rng.normal(size=(size, 4)).astype("float32"),
            (rng.random(size) < 0.2).astype("float32"))


@pytest.mark.parametrize("double_dqn", [False, True])
def test_targets_and_taken_values_match_numpy(double_dqn):
    learner = _learner(double_dqn)
    states, actions, rewards, next_states, dones = batch = _batch()
    output = keras.ops.convert_to_numpy(learner(batch))
    q_online = learner.q_network.predict_on_batch(states)
    next_online = learner.q_network.predict_on_batch(next_states) if double_dqn else None
    expected = dqn_targets(rewards, dones, learner.target_network.predict_on_batch(next_states), 0.9, next_online)
    assert np.allclose(output[:, 0], q_online[np.arange(32), actions], atol=1e-5)
    assert np.allclose(output[:, 1], expected, atol=1e-5)


def test_huber_and_squared_losses_match_numpy():
    errors = np.array([[0.0, 0.5], [0.0, -3.0]], dtype="float32")  # columns: taken, target
    huber = _learner().compute_loss(y_pred=errors)
    mse = _learner(huber_delta=None).compute_loss(y_pred=errors)
    assert np.isclose(float(huber), (0.5 * 0.25 + (3.0 - 0.5)) / 2)
    assert np.isclose(float(mse), (0.25 + 9.0) / 2)


def test_target_network_is_unchanged_between_syncs_and_copied_at_a_sync():
    learner = _learner()
    learner.sync_target()
    frozen = [w.copy() for w in learner.target_network.get_weights()]
    for seed in range(5):
        learner.train_on_batch(_batch(seed=seed))
    assert all(np.array_equal(a, b) for a, b in zip(frozen, learner.target_network.get_weights()))
    online = learner.q_network.get_weights()
    assert not all(np.array_equal(a, b) for a, b in zip(frozen, online)), "the online network must learn"
    learner.sync_target()
    assert all(np.array_equal(a, b) for a, b in zip(online, learner.target_network.get_weights()))
    learner.train_on_batch(_batch(seed=9))  # a synced target must still train (JAX buffer donation)


def test_soft_sync_moves_the_target_tau_of_the_way():
    learner = _learner()
    before = learner.target_network.get_weights()
    online = learner.q_network.get_weights()
    learner.sync_target(tau=0.25)
    for old, new, source in zip(before, learner.target_network.get_weights(), online):
        assert np.allclose(new, 0.25 * source + 0.75 * old, atol=1e-6)


def test_without_a_target_network_the_online_network_scores_next_states():
    learner = _learner(with_target=False)
    _, _, rewards, next_states, dones = batch = _batch()
    output = keras.ops.convert_to_numpy(learner(batch))
    expected = dqn_targets(rewards, dones, learner.q_network.predict_on_batch(next_states), 0.9)
    assert np.allclose(output[:, 1], expected, atol=1e-5)


def test_save_and_load_round_trip(tmp_path):
    learner = _learner(double_dqn=True)
    batch = _batch()
    expected = keras.ops.convert_to_numpy(learner(batch))
    path = tmp_path / "learner.keras"
    learner.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, DeepQLearner) and loaded.double_dqn and loaded.gamma == 0.9
    assert np.allclose(keras.ops.convert_to_numpy(loaded(batch)), expected, atol=1e-6)
