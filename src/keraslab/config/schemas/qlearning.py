from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["epsilon_end"] > config["epsilon_start"]:
        raise ConfigError(f"Key 'epsilon_end' in {where} ({config['epsilon_end']}) is above 'epsilon_start' "
                          f"({config['epsilon_start']}); exploration should fall. Swap them.")


SCHEMA = Schema(
    task="qlearning",
    module="keraslab.tasks.qlearning",
    description="Tabular Q-learning (the Bellman update) on a gymnasium environment with discrete states.",
    fields=[
        Field("env", str, "FrozenLake-v1", "Gymnasium environment id with Discrete states and actions."),
        Field("env_options", dict, {}, "Keyword arguments for gymnasium.make, e.g. {is_slippery: false}."),
        Field("episodes", int, 5000, "Training episodes.", min=1),
        Field("learning_rate", float, 0.2, "alpha: how far each update moves Q(s, a) toward its target.",
              min=0, max=1, min_exclusive=True),
        Field("learning_rate_end", float, None, "If set, alpha falls linearly to this by the last episode "
              "(averages out a stochastic environment's noise).", min=0, max=1, optional=True),
        Field("gamma", float, 0.99, "Discount of future rewards; near 1 for sparse, delayed rewards.",
              min=0, max=1),
        Field("epsilon_start", float, 1.0, "Exploration rate at the first episode.", min=0, max=1),
        Field("epsilon_end", float, 0.01, "Exploration rate after the schedule ends.", min=0, max=1),
        Field("exploration_fraction", float, 0.5, "Share of the episodes over which epsilon falls linearly.",
              min=0, max=1),
        Field("eval_episodes", int, 1000, "Greedy episodes for the final evaluation.", min=1),
    ],
    smoke={"episodes": 50, "eval_episodes": 20},
    check=_check,
)
