"""The Bellman equation in NumPy: the reference the tabular agent uses and the DQN is tested against.

    Q(s, a) <- Q(s, a) + alpha * (r + gamma * max_a' Q(s', a') - Q(s, a))

At a terminal state there is no future, so the target is the reward alone.
"""

import numpy as np


def q_learning_update(q_table, state, action, reward, next_state, terminated, learning_rate, gamma):
    """One tabular Q-learning step, in place; returns the temporal-difference error."""
    future = 0.0 if terminated else gamma * q_table[next_state].max()
    error = reward + future - q_table[state, action]
    q_table[state, action] += learning_rate * error
    return error


def dqn_targets(rewards, dones, next_q_target, gamma, next_q_online=None):
    """Bellman targets for a batch. With `next_q_online` (Double DQN) the online network picks the
    next action and the target network scores it, which curbs the max operator's overestimation."""
    if next_q_online is None:
        next_values = next_q_target.max(axis=1)
    else:
        next_values = next_q_target[np.arange(len(rewards)), next_q_online.argmax(axis=1)]
    return rewards + gamma * (1.0 - dones) * next_values
