"""The Bellman update and DQN targets against hand-worked numbers."""

import numpy as np

from keraslab.rl.bellman import dqn_targets, q_learning_update


def test_tabular_update_by_hand():
    # Q(0, 1) = 0.5; reward 1; next state 2 has best value 2.0; alpha 0.1, gamma 0.9:
    # target = 1 + 0.9 * 2.0 = 2.8; error = 2.3; Q(0, 1) = 0.5 + 0.1 * 2.3 = 0.73.
    q_table = np.zeros((3, 2))
    q_table[0, 1] = 0.5
    q_table[2] = [2.0, -1.0]
    error = q_learning_update(q_table, 0, 1, 1.0, 2, False, learning_rate=0.1, gamma=0.9)
    assert np.isclose(error, 2.3)
    assert np.isclose(q_table[0, 1], 0.73)
    assert q_table[0, 0] == 0 and list(q_table[2]) == [2.0, -1.0]


def test_tabular_update_at_a_terminal_state_ignores_the_future():
    q_table = np.zeros((3, 2))
    q_table[2] = [5.0, 5.0]
    q_learning_update(q_table, 1, 0, 1.0, 2, True, learning_rate=0.5, gamma=0.9)
    assert np.isclose(q_table[1, 0], 0.5)  # 0 + 0.5 * (1 - 0)


def test_dqn_and_double_dqn_targets_by_hand():
    rewards = np.array([1.0, 0.0, 2.0])
    dones = np.array([0.0, 0.0, 1.0])
    next_q_target = np.array([[1.0, 3.0], [4.0, 2.0], [9.0, 9.0]])
    next_q_online = np.array([[5.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    # DQN: max over the target network: 1 + 0.5 * 3 = 2.5; 0 + 0.5 * 4 = 2; terminal: 2.
    assert np.allclose(dqn_targets(rewards, dones, next_q_target, 0.5), [2.5, 2.0, 2.0])
    # Double DQN: online picks actions 0 and 1, the target network scores them: 1 + 0.5 * 1, 0 + 0.5 * 2.
    assert np.allclose(dqn_targets(rewards, dones, next_q_target, 0.5, next_q_online), [1.5, 1.0, 2.0])
