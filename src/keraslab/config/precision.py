"""The `precision` key of every task that trains a Keras model, and the loops that refuse some of its values.

The policy itself is applied in keraslab/training/precision.py; this file imports no Keras, so a bad value
is refused before any backend is imported.
"""

from keraslab.config.schema import Field
from keraslab.errors import ConfigError

# Keras's own dtype-policy names: float32 everywhere, or float16/bfloat16 computations on float32 variables.
PRECISIONS = ("float32", "mixed_float16", "mixed_bfloat16")

# Hand-written loops that do not scale their loss (float16 gradients underflow without it), by task and variant.
# bfloat16 keeps float32's exponent range, so it needs no loss scaling and stays allowed for them.
_NO_LOSS_SCALING = {
    ("generation", "gan"): "the DCGAN's hand-written steps (two optimizers) do not scale their losses",
}
# Loops that train in float32 only.
_FLOAT32_ONLY = {
    "dqn": "the DQN's Q-network is two small Dense layers fed one replay batch at a time, where 16-bit "
           "computation saves nothing",
}


def precision_fields():
    """The config key (added to every task schema that trains a Keras model)."""
    return [
        Field("precision", str, "float32", "Keras dtype policy while the model is built and trained: float32, "
              "or mixed_float16 / mixed_bfloat16 (16-bit computations on float32 weights, outputs in float32; "
              "float16 adds loss scaling). Faster only on hardware with 16-bit units (docs/training-control.md).",
              choices=PRECISIONS),
    ]


def check_precision(config, where, task):
    """A value the task's loop cannot honour: one line naming the key, why and the fix."""
    precision = config["precision"]
    if precision == "float32":
        return
    reason = _FLOAT32_ONLY.get(task)
    if reason is None and precision == "mixed_float16":
        reason = _NO_LOSS_SCALING.get((task, config.get("model")))
        if reason is not None:
            raise ConfigError(f"Key 'precision' in {where} is mixed_float16, but {reason}. "
                              "Use --set precision=mixed_bfloat16 (needs no loss scaling) or float32.")
    if reason is not None:
        raise ConfigError(f"Key 'precision' in {where} is {precision}, but {reason}. Use --set precision=float32.")
