from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["z_min"] >= config["z_max"]:
        raise ConfigError(f"Key 'z_min' ({config['z_min']}) must be below 'z_max' ({config['z_max']}) in {where}.")

SCHEMA = Schema(
    task="fundamentals-activations",
    module="keraslab.tasks.fundamentals.activations",
    description="NumPy: the seven activation functions with their derivatives, checked by finite differences.",
    fields=[
        Field("z_min", float, -5.0, "Left end of the plotted range."),
        Field("z_max", float, 5.0, "Right end of the plotted range."),
        Field("num_points", int, 401, "Points on each curve.", min=3),
    ],
    check=_check,
)
