"""Tabular Q-learning: a table with one value per (state, action), improved by the Bellman update.

The agent acts epsilon-greedily while it learns (explore with probability epsilon, else take the
best known action) and purely greedily when evaluated. Ties between equal values are broken at
random: with a zero-initialised table, always taking action 0 would never explore on its own.
"""

import numpy as np

from keraslab.rl.bellman import q_learning_update
from keraslab.rl.schedules import linear_epsilon


def greedy_action(values, rng):
    best = np.flatnonzero(values == values.max())
    return int(best[0] if len(best) == 1 else rng.choice(best))


def train_q_table(env, episodes, learning_rate, gamma, epsilon_start, epsilon_end, exploration_episodes,
                  seed, learning_rate_end=None):
    """Learn a Q-table over `episodes`; returns (q_table, history) with per-episode return and epsilon.

    With `learning_rate_end` the step size falls linearly too: large steps learn fast, small late
    steps average out the noise of a stochastic environment (slippery ice) instead of chasing it.
    """
    rng = np.random.default_rng(seed)
    q_table = np.zeros((env.observation_space.n, env.action_space.n))
    history = {"episode_return": [], "epsilon": [], "episode_length": []}
    state, _ = env.reset(seed=seed)
    for episode in range(episodes):
        if episode:
            state, _ = env.reset()
        epsilon = linear_epsilon(episode, epsilon_start, epsilon_end, exploration_episodes)
        alpha = learning_rate if learning_rate_end is None else linear_epsilon(
            episode, learning_rate, learning_rate_end, episodes)
        total, length, finished = 0.0, 0, False
        while not finished:
            if rng.random() < epsilon:
                action = int(rng.integers(q_table.shape[1]))
            else:
                action = greedy_action(q_table[state], rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            q_learning_update(q_table, state, action, reward, next_state, terminated, alpha, gamma)
            state, total, length = next_state, total + reward, length + 1
            finished = terminated or truncated
        history["episode_return"].append(total)
        history["epsilon"].append(epsilon)
        history["episode_length"].append(length)
    return q_table, history


def evaluate_q_table(env, q_table, episodes, seed):
    """Greedy play: mean return, and the share of episodes that end in success (reach the goal,
    deliver the passenger: terminated with a positive last reward)."""
    returns, successes = [], 0
    for episode in range(episodes):
        state, _ = env.reset(seed=seed + episode)
        total, finished = 0.0, False
        while not finished:
            state, reward, terminated, truncated, _ = env.step(int(np.argmax(q_table[state])))
            total += reward
            finished = terminated or truncated
        returns.append(total)
        successes += bool(terminated and reward > 0)
    return {"eval_return_mean": float(np.mean(returns)), "eval_return_std": float(np.std(returns)),
            "eval_success_rate": successes / episodes}
