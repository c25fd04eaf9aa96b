"""Tabular Q-learning: learn Q(s, a) for every state and action, then play greedily.

The course's version scores 7 to 9 on Taxi when evaluated; here the greedy policy is scored over
1,000 fresh episodes (seeds the agent never trained on) and the table is kept as q_table.npy.
"""

import time

import numpy as np

from keraslab.rl.environments import make_env, require_discrete
from keraslab.rl.frames import record_episode
from keraslab.rl.q_learning import evaluate_q_table, train_q_table

# Evaluation episodes use seeds from here on, apart from the training seed's stream.
_EVAL_SEED_OFFSET = 1_000_000


def run(config, context):
    from keraslab.plots.rl import plot_q_table, plot_returns

    env_id = config["env"]
    env = make_env(env_id, config["env_options"])
    require_discrete(env.observation_space, "observation", env_id)
    require_discrete(env.action_space, "action", env_id)

    started = time.perf_counter()
    q_table, history = train_q_table(
        env, config["episodes"], config["learning_rate"], config["gamma"], config["epsilon_start"],
        config["epsilon_end"], int(config["exploration_fraction"] * config["episodes"]), config["seed"],
        learning_rate_end=config["learning_rate_end"])
    train_seconds = time.perf_counter() - started
    env_steps = int(sum(history["episode_length"]))
    metrics = evaluate_q_table(env, q_table, config["eval_episodes"], config["seed"] + _EVAL_SEED_OFFSET)
    metrics.update(env_steps=env_steps, train_seconds=train_seconds, env_steps_per_second=env_steps / train_seconds)

    with context.output("q_table.npy") as path:
        np.save(path, q_table)
    context.write_table("episodes.csv", history, index_name="episode")
    context.log_epochs(history)
    plot_returns(history, context.plot_path("returns.png"), title=f"Q-learning on {env_id}")
    grid = _grid_map(env, len(q_table))
    title = f"Greedy policy and values, {env_id}" if grid is not None else f"Q-table, {env_id}"
    plot_q_table(q_table, context.plot_path("q_table.png"), title=title, grid=grid)
    record_episode(env, lambda state: int(np.argmax(q_table[state])), context.sample_path("episode.gif"),
                   seed=config["seed"] + _EVAL_SEED_OFFSET, frame_seconds=0.3, max_steps=100)
    context.record(env=env_id, algorithm="tabular Q-learning")
    context.say(f"{env_id}: greedy success rate {metrics['eval_success_rate']:.3f}, mean return "
                f"{metrics['eval_return_mean']:.2f} over {config['eval_episodes']} episodes "
                f"({env_steps} training steps, {train_seconds:.1f} s).")
    return metrics


def _grid_map(env, num_states):
    """FrozenLake's map when each state is one of its cells (Taxi has a map too, but 500 states)."""
    desc = getattr(env.unwrapped, "desc", None)
    if desc is None or np.asarray(desc).size != num_states:
        return None
    return np.asarray(desc).astype(str)


def load(run_dir):
    """The predictor of a finished run: the Q-table plays, or picks an action in a state."""
    from keraslab.predictors.agents import QTableAgent

    return QTableAgent(run_dir)
