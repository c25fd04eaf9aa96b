"""Experience replay: a fixed-size ring of transitions in preallocated NumPy arrays.

Sampling old transitions at random breaks the correlation between consecutive steps that makes
online Q-learning with a network unstable. A ring (write position wraps around) keeps memory fixed
and each `add` O(1); a Python deque of tuples would rebuild arrays on every sample.
"""

import numpy as np


class ReplayBuffer:
    def __init__(self, capacity, observation_shape, seed=0, observation_dtype="float32"):
        if capacity < 1:
            raise ValueError(f"ReplayBuffer capacity must be >= 1, got {capacity}.")
        self.capacity = int(capacity)
        self.states = np.zeros((capacity, *observation_shape), dtype=observation_dtype)
        self.next_states = np.zeros((capacity, *observation_shape), dtype=observation_dtype)
        self.actions = np.zeros(capacity, dtype="int32")
        self.rewards = np.zeros(capacity, dtype="float32")
        # 1.0 where the episode truly ended (terminated), so no value is bootstrapped from next_state.
        # A time-limit truncation is not an ending: its next state still has a future.
        self.dones = np.zeros(capacity, dtype="float32")
        self.position = 0
        self.size = 0
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        return self.size

    def add(self, state, action, reward, next_state, done):
        i = self.position
        self.states[i] = state
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_states[i] = next_state
        self.dones[i] = done
        self.position = (i + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, batch_size):
        """A uniform random batch (with replacement): states, actions, rewards, next_states, dones."""
        if self.size < batch_size:
            raise ValueError(f"ReplayBuffer holds {self.size} transitions, fewer than batch_size {batch_size}; "
                             "collect more before sampling (learning_starts >= batch_size).")
        index = self.rng.integers(0, self.size, size=batch_size)
        return (self.states[index], self.actions[index], self.rewards[index], self.next_states[index],
                self.dones[index])

    def arrays(self):
        """The stored transitions, for a checkpoint."""
        return {"buffer_states": self.states, "buffer_next_states": self.next_states, "buffer_actions": self.actions,
                "buffer_rewards": self.rewards, "buffer_dones": self.dones}

    def counters(self):
        return {"position": self.position, "size": self.size, "rng": self.rng.bit_generator.state}

    def restore(self, arrays, counters):
        for name in ("states", "next_states", "actions", "rewards", "dones"):
            getattr(self, name)[...] = arrays[f"buffer_{name}"]
        self.position, self.size = counters["position"], counters["size"]
        self.rng.bit_generator.state = counters["rng"]
