"""A trained agent back in its environment: greedy play over seeded episodes (optionally drawn into a
GIF), and the action it chooses in a given state. Q-learning keeps a table, DQN a network; both act by
the argmax of their Q-values."""

import functools

import numpy as np

from keraslab.config.schema import MAX_SEED
from keraslab.errors import DataError, KeraslabError, one_line
from keraslab.predictors.base import Predictor, output_file, whole_number

# Episodes per play: each one is a live environment in memory at once.
MAX_EPISODES = 10_000


class Agent(Predictor):
    verbs = ("predict", "play")

    @property
    def env_id(self):
        return self.config["env"]

    def new_env(self):
        from keraslab.rl.environments import make_env

        return make_env(self.config["env"], self.config.get("env_options"))

    @functools.cached_property
    def observation_space(self):
        return self.new_env().observation_space

    def q_values(self, states):
        """(batch, actions) Q-values for a batch of states."""
        raise NotImplementedError

    def play(self, episodes=10, seed=0, gif=None):
        """The greedy return of each of `episodes` episodes (seeds seed, seed + 1, ...); with `gif`, the first
        episode drawn into that file."""
        from keraslab.rl.evaluate import play_greedy
        from keraslab.rl.frames import record_episode

        whole_number(episodes, "--episodes", minimum=1, maximum=MAX_EPISODES)
        whole_number(seed, "--seed", minimum=0, maximum=MAX_SEED)
        if gif is not None:
            gif = output_file(gif, "--gif", ".gif")
        returns = play_greedy(self.new_env, self.q_values, episodes, seed)
        if gif is not None:
            slow = self.task == "qlearning"  # grid worlds step slowly enough for a person to follow
            record_episode(self.new_env(), lambda state: int(np.argmax(self.q_values(np.asarray([state]))[0])), gif,
                           seed=seed, frame_seconds=0.3 if slow else 0.04)
        return returns

    def predict(self, inputs):
        """The greedy action and the Q-values in each given state (an integer for a grid world, comma-separated
        numbers for a vector observation)."""
        states = [self.parse_state(text) for text in self.require_inputs(inputs)]
        values = np.asarray(self.q_values(np.stack(states)))
        return [{"input": text, "action": int(np.argmax(row)), "q_values": [float(v) for v in row]}
                for text, row in zip(inputs, values)]

    def parse_state(self, text):
        import gymnasium

        space = self.observation_space
        if isinstance(space, gymnasium.spaces.Discrete):
            try:
                state = int(str(text).strip())
            except ValueError:
                state = None
            if state is None or not space.start <= state < space.start + space.n:
                raise DataError(f"State '{text}' is not one of {self.env_id}'s states: give an integer from "
                                f"{space.start} to {space.start + space.n - 1}.")
            return np.asarray(state)
        size = int(np.prod(space.shape))
        try:
            state = np.array([float(part) for part in str(text).split(",")], dtype="float32")
        except ValueError:
            state = np.zeros(0)
        if state.size != size or not np.isfinite(state).all():
            raise DataError(f"State '{text}' is not a {self.env_id} observation: give {size} comma-separated "
                            "finite numbers, e.g. " + ",".join(["0"] * size) + ".")
        return state.reshape(space.shape)

    @property
    def takes(self):
        return f"states of {self.env_id}"


class QTableAgent(Agent):
    """Tabular Q-learning: the run's q_table.npy, one row of action values per state."""

    @functools.cached_property
    def q_table(self):
        run_dir = self.run_dir
        path = run_dir.path / "q_table.npy"
        if not path.is_file():
            raise KeraslabError(f"Run {run_dir.path} has no q_table.npy; it may have been deleted. Retrain it: "
                                f"keraslab run {run_dir.preset}.")
        try:
            table = np.load(path, allow_pickle=False)
        except (OSError, ValueError, EOFError) as error:
            raise KeraslabError(f"{path} is damaged ({one_line(error)[:100]}); retrain the run: keraslab run "
                                f"{run_dir.preset}.") from None
        env = self.new_env()
        expected = (int(env.observation_space.n), int(env.action_space.n))
        if table.shape != expected or not np.issubdtype(table.dtype, np.number) or not np.isfinite(table).all():
            raise KeraslabError(f"{path} is damaged: a {table.dtype} array of shape {table.shape}, where "
                                f"{self.env_id} needs finite numbers in shape {expected}; retrain the run.")
        return table

    def q_values(self, states):
        return self.q_table[np.asarray(states).astype("int64")]


class QNetworkAgent(Agent):
    """DQN: the run's Q-network (model.keras), called through a compiled forward pass."""

    @functools.cached_property
    def _forward(self):
        from keraslab.rl.q_function import make_q_function

        return make_q_function(self.model)

    def q_values(self, states):
        return self._forward(states)
