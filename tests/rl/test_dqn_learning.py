"""A short DQN run on CartPole plays far better than a random policy (about 22 steps per episode)."""

import keras
import numpy as np
import pytest

from keraslab.models.deep_q_learner import DeepQLearner
from keraslab.models.q_network import build_q_network
from keraslab.rl.dqn import DQNTrainer
from keraslab.rl.environments import make_env
from keraslab.rl.evaluate import evaluate_greedy
from keraslab.rl.q_function import make_q_function
from keraslab.rl.replay_buffer import ReplayBuffer


def random_policy_return(episodes=50):
    env = make_env("CartPole-v1")
    env.action_space.seed(0)
    returns = []
    for episode in range(episodes):
        env.reset(seed=episode)
        total, finished = 0.0, False
        while not finished:
            _, reward, terminated, truncated, _ = env.step(env.action_space.sample())
            total += reward
            finished = terminated or truncated
        returns.append(total)
    return float(np.mean(returns))


def _trainer(q_network, learner, total_steps, target_update_interval, **settings):
    return DQNTrainer(learner, ReplayBuffer(10_000, (4,), seed=0), make_q_function(q_network), total_steps=total_steps,
                      learning_starts=500, batch_size=64, train_frequency=256, gradient_steps=128,
                      target_update_interval=target_update_interval, tau=1.0, epsilon_start=1.0, epsilon_end=0.04,
                      exploration_steps=total_steps // 2, seed=0, **settings)


def _learner(target=True, units=(64, 64)):
    keras.utils.set_random_seed(0)
    q_network = build_q_network(4, 2, units)
    target_network = build_q_network(4, 2, units, name="target_network") if target else None
    if target:
        target_network.set_weights(q_network.get_weights())
    learner = DeepQLearner(q_network, target_network, gamma=0.99)
    learner.compile(optimizer=keras.optimizers.Adam(2.3e-3, clipnorm=10.0))
    return q_network, learner


def test_target_network_only_moves_at_syncs_during_training():
    q_network, learner = _learner()
    synced = []
    original = learner.sync_target

    def recording_sync(tau=1.0):
        synced.append([w.copy() for w in learner.q_network.get_weights()])
        original(tau)

    learner.sync_target = recording_sync
    env = make_env("CartPole-v1")
    # 1000 steps, syncs every 400: at steps 400 and 800; updates at 768 (after learning_starts 500).
    _trainer(q_network, learner, 1000, 400).train(env, lambda: make_env("CartPole-v1"), say=lambda _: None)
    assert len(synced) == 2
    for target, online_at_last_sync in zip(learner.target_network.get_weights(), synced[-1]):
        assert np.array_equal(target, online_at_last_sync)


@pytest.mark.slow
def test_short_training_beats_a_random_policy_by_far():
    random_return = random_policy_return()
    assert 15 < random_return < 30
    q_network, learner = _learner()
    env = make_env("CartPole-v1")
    history, _, facts = _trainer(q_network, learner, 6000, 10, eval_every=1024, eval_check_episodes=5).train(
        env, lambda: make_env("CartPole-v1"), say=lambda _: None)
    trained = evaluate_greedy(lambda: make_env("CartPole-v1"), make_q_function(q_network), 20, seed=123)
    assert trained["eval_return_mean"] > 4 * random_return, (trained, random_return)
    # Rounds of 128 updates at every multiple of 256 past learning_starts: 512, 768, ..., 5888.
    assert facts["gradient_steps"] == 128 * len(range(512, 6001, 256)) and len(history["episode_return"]) > 10
