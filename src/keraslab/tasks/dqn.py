"""Deep Q-learning on a gymnasium environment: CartPole-v1 solved (mean greedy return >= 475 over
100 episodes) in tens of thousands of steps.

The run keeps the Q-network as model.keras (`keraslab play RUN_DIR` replays it), the return and
epsilon per episode (episodes.csv, plots/returns.png), the greedy checks (checks.csv) and a GIF of
one greedy episode (samples/episode.gif).
"""

import time

import numpy as np

from keraslab.rl.environments import make_env, require_discrete, require_vector_observations

# The final evaluation's seeds: apart from training's and from the periodic checks'.
EVAL_SEED_OFFSET = 2_000_000


def run(config, context):
    with _threads_for_small_networks():
        return _run(config, context)


def _run(config, context):
    import keras

    from keraslab.models.deep_q_learner import DeepQLearner
    from keraslab.models.q_network import build_q_network
    from keraslab.plots.rl import plot_returns
    from keraslab.rl.dqn import DQNTrainer
    from keraslab.rl.evaluate import evaluate_greedy
    from keraslab.rl.frames import record_episode
    from keraslab.rl.q_function import make_q_function
    from keraslab.rl.replay_buffer import ReplayBuffer

    env_id, options = config["env"], config["env_options"]
    env = make_env(env_id, options)
    num_actions = require_discrete(env.action_space, "action", env_id)
    observation_size = require_vector_observations(env.observation_space, env_id)

    q_network = build_q_network(observation_size, num_actions, config["hidden_units"])
    target_network = None
    if config["target_update_interval"]:
        target_network = build_q_network(observation_size, num_actions, config["hidden_units"],
                                         name="target_network")
        target_network.set_weights(q_network.get_weights())
    learner = DeepQLearner(q_network, target_network, gamma=config["gamma"], double_dqn=config["double_dqn"],
                           huber_delta=1.0 if config["loss"] == "huber" else None)
    learner.compile(optimizer=keras.optimizers.Adam(config["learning_rate"],
                                                    clipnorm=config["max_grad_norm"] or None))
    buffer = ReplayBuffer(config["buffer_size"], (observation_size,), seed=config["seed"])
    q_values = make_q_function(q_network)

    trainer = DQNTrainer(
        learner, buffer, q_values, total_steps=config["total_steps"], learning_starts=config["learning_starts"],
        batch_size=config["batch_size"], train_frequency=config["train_frequency"],
        gradient_steps=config["gradient_steps"], target_update_interval=config["target_update_interval"],
        tau=config["tau"], epsilon_start=config["epsilon_start"], epsilon_end=config["epsilon_end"],
        exploration_steps=int(config["exploration_fraction"] * config["total_steps"]),
        eval_every=config["eval_every"], eval_check_episodes=config["eval_check_episodes"],
        solve_return=config["solve_return"], solve_episodes=config["eval_episodes"], seed=config["seed"])
    history, checks, facts = trainer.train(env, lambda: make_env(env_id, options), say=context.say, checkpoints=context)

    started = time.perf_counter()
    metrics = evaluate_greedy(lambda: make_env(env_id, options), q_values, config["eval_episodes"],
                              config["seed"] + EVAL_SEED_OFFSET)
    eval_seconds = time.perf_counter() - started
    metrics.update({name: facts[name] for name in ("env_steps", "train_seconds", "env_steps_per_second",
                                                    "gradient_steps")})
    if facts["solved_at_step"] is not None:
        metrics["steps_to_solve"] = facts["solved_at_step"]

    context.save_model(q_network)
    context.write_table("episodes.csv", history, index_name="episode")
    context.write_table("checks.csv", checks, index_name="check")
    context.log_epochs(history)
    if history["episode_return"]:
        plot_returns(history, context.plot_path("returns.png"), title=f"DQN on {env_id}")
    record_episode(make_env(env_id, options), lambda state: int(np.argmax(q_values(state[None])[0])),
                   context.sample_path("episode.gif"), seed=config["seed"] + EVAL_SEED_OFFSET)
    context.record(env=env_id, algorithm="Double DQN" if config["double_dqn"] else "DQN",
                   eval_seconds=eval_seconds, **{k: v for k, v in facts.items() if k not in metrics})
    solved = f", solved at step {facts['solved_at_step']}" if facts["solved_at_step"] else ""
    context.say(f"{env_id}: greedy return {metrics['eval_return_mean']:.1f} +- {metrics['eval_return_std']:.1f} "
                f"over {config['eval_episodes']} episodes after {facts['env_steps']} steps "
                f"({facts['train_seconds']:.1f} s, {facts['env_steps_per_second']:.0f} steps/s{solved}).")
    return metrics


def _threads_for_small_networks():
    import contextlib

    import keras

    if keras.backend.backend() == "torch":
        from keraslab.rl.threads_torch import single_threaded

        return single_threaded()
    return contextlib.nullcontext()


def load(run_dir):
    """The predictor of a finished run: the Q-network plays, or picks an action in a state."""
    from keraslab.predictors.agents import QNetworkAgent

    return QNetworkAgent(run_dir)
