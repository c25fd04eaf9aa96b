"""The learning-rate schedule keys of every fit-based task, and the checks across them.

The schedules themselves are built in keraslab/training/schedules.py; this file imports no Keras, so
listing and showing configs stays instant.
"""

from keraslab.config.schema import Field
from keraslab.errors import ConfigError

SCHEDULES = ("constant", "step", "exponential", "cosine", "one_cycle", "cyclical")


def schedule_fields():
    """The config keys, each with its default and what it means (added to every fit-based task's schema)."""
    return [
        Field("learning_rate_schedule", str, "constant", "How the learning rate moves during training: constant, "
              "step and exponential decay from learning_rate, cosine to min_learning_rate after warmup_epochs, "
              "one_cycle up to learning_rate and down, cyclical between min_learning_rate and learning_rate.",
              choices=SCHEDULES),
        Field("warmup_epochs", float, 0.0, "Epochs of linear warm-up from 0 (cosine) or of the rising half "
              "(one_cycle; 0: 30% of training).", min=0),
        Field("decay_rate", float, 0.5, "step and exponential: multiply the learning rate by this every "
              "decay_epochs.", min=0, max=1, min_exclusive=True),
        Field("decay_epochs", float, 2.0, "step and exponential: epochs per decay_rate factor.", min=0,
              min_exclusive=True),
        Field("min_learning_rate", float, 0.0, "cosine: where it ends; cyclical: the bottom of the triangle; "
              "must stay below learning_rate.", min=0),
        Field("cycle_epochs", float, 2.0, "cyclical: epochs from the bottom to the top of the triangle (half a "
              "cycle; Smith suggests 2 to 10).", min=0, min_exclusive=True),
    ]


def check_schedule(config, where):
    """Settings that each make sense alone but not together: one line each, raised before anything runs."""
    name = config.get("learning_rate_schedule", "constant")
    if name == "constant":
        return
    peak, epochs = config["learning_rate"], config["epochs"]
    if name in ("cosine", "one_cycle") and config["warmup_epochs"] >= epochs:
        raise ConfigError(f"Key 'warmup_epochs' in {where} is {config['warmup_epochs']:g}, not shorter than "
                          f"training (epochs={epochs}). Set warmup_epochs below {epochs}, or train longer.")
    if name in ("cosine", "cyclical") and config["min_learning_rate"] >= peak:
        raise ConfigError(f"Key 'min_learning_rate' in {where} is {config['min_learning_rate']:g}, not below "
                          f"learning_rate={peak:g}; the {name} schedule needs min_learning_rate < learning_rate. "
                          "Lower min_learning_rate or raise learning_rate.")
    if config.get("reduce_lr_patience"):
        raise ConfigError(f"Keys 'reduce_lr_patience' and 'learning_rate_schedule' in {where} both steer the "
                          f"learning rate. Set reduce_lr_patience=0 or learning_rate_schedule=constant.")
