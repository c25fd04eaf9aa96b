"""Tabular Q-learning learns: the deterministic lake perfectly, the slippery lake to the preset's target,
and its policy agrees with value iteration on the environment's own transition table."""

import numpy as np
import pytest

from keraslab.rl.environments import make_env
from keraslab.rl.q_learning import evaluate_q_table, train_q_table


def value_iteration(env, gamma, sweeps=2000):
    """Q* from FrozenLake's transition table P[s][a] = [(probability, next state, reward, terminated)]."""
    table = env.unwrapped.P
    q = np.zeros((env.observation_space.n, env.action_space.n))
    for _ in range(sweeps):
        v = q.max(axis=1)
        q = np.array([[sum(p * (r + gamma * (0.0 if done else v[s2])) for p, s2, r, done in table[s][a])
                       for a in range(q.shape[1])] for s in range(q.shape[0])])
    return q


def test_deterministic_lake_is_solved_and_matches_value_iteration():
    env = make_env("FrozenLake-v1", {"is_slippery": False})
    q_table, history = train_q_table(env, 500, 0.5, 0.95, 1.0, 0.01, 250, seed=0)
    assert evaluate_q_table(env, q_table, 100, seed=1)["eval_success_rate"] == 1.0
    assert len(history["episode_return"]) == 500 and history["epsilon"][0] == 1.0
    # Along the greedy path, each value is gamma^(steps to goal - 1), as value iteration says.
    optimal = value_iteration(env, 0.95, sweeps=50)
    state, _ = env.reset(seed=0)
    for _ in range(6):
        action = int(np.argmax(q_table[state]))
        assert np.isclose(q_table[state, action], optimal[state].max(), atol=1e-3)
        state, _, terminated, _, _ = env.step(action)
        if terminated:
            break
    assert terminated


@pytest.mark.slow
def test_slippery_lake_reaches_the_preset_target_near_the_optimal_policy():
    env = make_env("FrozenLake-v1", {"is_slippery": True})
    q_table, _ = train_q_table(env, 5000, 0.2, 0.99, 1.0, 0.01, 2500, seed=0, learning_rate_end=0.01)
    learned = evaluate_q_table(env, q_table, 1000, seed=10_000)["eval_success_rate"]
    optimal_q = value_iteration(env, 0.99, sweeps=500)
    optimal = evaluate_q_table(env, optimal_q, 1000, seed=10_000)["eval_success_rate"]
    assert learned >= 0.70
    assert learned >= optimal - 0.05, (learned, optimal)
