import numpy as np
import pytest

from keraslab.rl.replay_buffer import ReplayBuffer


def test_ring_buffer_wraps_around_and_keeps_the_newest():
    buffer = ReplayBuffer(capacity=3, observation_shape=(2,), seed=0)
    for step in range(5):
        buffer.add(np.full(2, step), step % 2, float(step), np.full(2, step + 1), step == 4)
    assert len(buffer) == 3
    assert buffer.position == 2
    # Steps 3 and 4 overwrote slots 0 and 1; slot 2 still holds step 2.
    assert list(buffer.rewards) == [3.0, 4.0, 2.0]
    assert list(buffer.states[:, 0]) == [3.0, 4.0, 2.0]
    assert list(buffer.next_states[:, 0]) == [4.0, 5.0, 3.0]
    assert list(buffer.dones) == [0.0, 1.0, 0.0]


def test_sample_returns_aligned_transitions_from_stored_ones_only():
    buffer = ReplayBuffer(capacity=100, observation_shape=(4,), seed=1)
    for step in range(70):
        buffer.add(np.full(4, step), step % 2, float(step), np.full(4, step + 1), False)
    states, actions, rewards, next_states, dones = buffer.sample(64)
    assert states.shape == (64, 4) and states.dtype == np.float32
    assert actions.shape == (64,) and rewards.shape == (64,) and dones.shape == (64,)
    assert set(rewards) <= set(range(70)) and len(set(rewards)) > 20
    assert np.array_equal(states[:, 0], rewards) and np.array_equal(next_states[:, 0], rewards + 1)
    assert np.array_equal(actions, rewards.astype(int) % 2)


def test_sampling_more_than_stored_says_what_to_do():
    buffer = ReplayBuffer(capacity=100, observation_shape=(4,))
    buffer.add(np.zeros(4), 0, 0.0, np.zeros(4), False)
    with pytest.raises(ValueError, match="fewer than batch_size 32"):
        buffer.sample(32)
