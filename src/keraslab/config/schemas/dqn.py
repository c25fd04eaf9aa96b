from keraslab.config.precision import precision_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["buffer_size"] < config["batch_size"]:
        raise ConfigError(f"Key 'buffer_size' in {where} ({config['buffer_size']}) is smaller than 'batch_size' "
                          f"({config['batch_size']}); a batch is drawn from the buffer. Raise buffer_size.")
    if config["learning_starts"] < config["batch_size"]:
        raise ConfigError(f"Key 'learning_starts' in {where} ({config['learning_starts']}) is below 'batch_size' "
                          f"({config['batch_size']}); the first update needs a full batch stored. "
                          f"Set learning_starts >= {config['batch_size']}.")
    if config["epsilon_end"] > config["epsilon_start"]:
        raise ConfigError(f"Key 'epsilon_end' in {where} ({config['epsilon_end']}) is above 'epsilon_start' "
                          f"({config['epsilon_start']}); exploration should fall. Swap them.")
    if config["double_dqn"] and config["target_update_interval"] == 0:
        raise ConfigError(f"Key 'double_dqn' in {where} needs a target network; set target_update_interval > 0.")


SCHEMA = Schema(
    task="dqn",
    module="keraslab.tasks.dqn",
    description="Deep Q-learning: a Q-network, replay buffer and target network on a gymnasium environment.",
    fields=[
        Field("env", str, "CartPole-v1", "Gymnasium environment id: vector observations, Discrete actions."),
        Field("env_options", dict, {}, "Keyword arguments for gymnasium.make."),
        Field("hidden_units", list, [256, 256], "Units of each hidden Dense layer of the Q-network.",
              item=int, min=1, min_items=1),
        Field("total_steps", int, 50_000, "Environment steps of training, at most (it stops early once solved).",
              min=1),
        Field("learning_starts", int, 1000, "Random-action steps that fill the buffer before the first update.",
              min=1),
        Field("buffer_size", int, 100_000, "Transitions the replay buffer holds; the oldest are overwritten.",
              min=1),
        Field("batch_size", int, 64, "Transitions per gradient step.", min=1),
        Field("learning_rate", float, 2.3e-3, "Adam's step size.", min=0, min_exclusive=True),
        Field("max_grad_norm", float, 10.0, "Clip the gradient to this norm; 0: no clipping.", min=0),
        Field("gamma", float, 0.99, "Discount of future rewards.", min=0, max=1),
        Field("loss", str, "huber", "huber: caps the pull of large errors; mse: the course's squared error.",
              choices=("huber", "mse")),
        Field("train_frequency", int, 256, "Environment steps between rounds of updates.", min=1),
        Field("gradient_steps", int, 128, "Gradient steps per round (gradient_steps / train_frequency "
              "updates per environment step).", min=1),
        Field("target_update_interval", int, 10, "Environment steps between target-network syncs; "
              "0: no target network (the course's setup).", min=0),
        Field("tau", float, 1.0, "Sync blend: 1 copies the online weights (hard); below 1 moves the target "
              "that fraction of the way (soft, Polyak).", min=0, max=1, min_exclusive=True),
        Field("double_dqn", bool, False, "Double DQN: the online network picks the next action, the target "
              "network scores it."),
        Field("epsilon_start", float, 1.0, "Exploration rate at the start.", min=0, max=1),
        Field("epsilon_end", float, 0.04, "Exploration rate after the schedule.", min=0, max=1),
        Field("exploration_fraction", float, 0.16, "Share of total_steps over which epsilon falls linearly.",
              min=0, max=1),
        Field("eval_every", int, 2000, "Environment steps between greedy checks (keep the best weights, stop "
              "when solved); 0: no checks.", min=0),
        Field("eval_check_episodes", int, 10, "Greedy episodes per check.", min=1),
        Field("solve_return", float, None, "Stop once a check and a confirmation over eval_episodes reach this "
              "mean return (CartPole-v1: 475); null: train all total_steps.", optional=True),
        Field("eval_episodes", int, 100, "Greedy episodes of the final evaluation (fresh seeds).", min=1),
        *precision_fields(),
    ],
    smoke={"total_steps": 200, "learning_starts": 64, "batch_size": 32, "buffer_size": 1000,
           "train_frequency": 8, "gradient_steps": 2, "eval_every": 100, "eval_check_episodes": 2,
           "eval_episodes": 3},
    check=_check,
)
