"""Replay a trained agent from its run directory: the Q-network (dqn) or the Q-table (qlearning)."""

import numpy as np

from keraslab.errors import KeraslabError
from keraslab.rl.environments import make_env

_PLAYABLE = ("dqn", "qlearning")


def load_agent(run_path):
    """(config, q_values) of a finished RL run: q_values maps a batch of states to action values."""
    from keraslab.training.run_dir import RunDirectory

    run_dir = RunDirectory.existing(run_path)
    saved = run_dir.read_config()
    config = saved["config"]
    if config.get("task") not in _PLAYABLE:
        raise KeraslabError(f"Run {run_path} is a '{config.get('task')}' run; play needs a dqn or qlearning run.")
    if config["task"] == "qlearning":
        table_path = run_dir.path / "q_table.npy"
        if not table_path.is_file():
            raise KeraslabError(f"Run {run_path} has no q_table.npy; was it completed? See 'keraslab runs'.")
        try:
            q_table = np.load(table_path, allow_pickle=False)
        except (ValueError, OSError, EOFError) as error:
            raise KeraslabError(f"Q-table {table_path} cannot be read ({error}); it is damaged. Train the run "
                                "again.") from None
        if q_table.ndim != 2 or not np.issubdtype(q_table.dtype, np.number) or not np.isfinite(q_table).all():
            raise KeraslabError(f"Q-table {table_path} holds a {q_table.dtype} array of shape {q_table.shape}, "
                                "not a finite (states, actions) table; it is damaged. Train the run again.")
        env = make_env(config["env"], config.get("env_options"))
        expected = (int(getattr(env.observation_space, "n", 0)), int(getattr(env.action_space, "n", 0)))
        env.close()
        if q_table.shape != expected:
            raise KeraslabError(f"Q-table {table_path} has shape {q_table.shape}, but {config['env']} has "
                                f"{expected[0]} states and {expected[1]} actions; the run is damaged. Train it again.")
        return config, lambda states: q_table[np.asarray(states).astype("int64")]
    if not run_dir.model_path.is_file():
        raise KeraslabError(f"Run {run_path} has no model.keras; was it completed? See 'keraslab runs'.")
    from keraslab.backend import activate

    activate(saved.get("backend") or "tensorflow")
    from keraslab.registration import load_model
    from keraslab.rl.q_function import make_q_function

    return config, make_q_function(load_model(run_dir.model_path))


def play(run_path, episodes=10, seed=0, gif=None):
    """Greedy returns of `episodes` episodes (seeds seed, seed + 1, ...); optionally a GIF of the first."""
    from keraslab.rl.evaluate import play_greedy
    from keraslab.rl.frames import record_episode

    config, q_values = load_agent(run_path)

    def new_env():
        return make_env(config["env"], config.get("env_options"))

    returns = play_greedy(new_env, q_values, episodes, seed)
    if gif:
        slow = config["task"] == "qlearning"
        record_episode(new_env(), lambda state: int(np.argmax(q_values(np.asarray([state]))[0])), gif, seed=seed,
                       frame_seconds=0.3 if slow else 0.04)
    return config["env"], returns
