from keraslab.config.fields import training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["validation_split"] + config["test_split"] >= 0.9:
        raise ConfigError(f"Keys 'validation_split' + 'test_split' in {where} add up to "
                          f"{config['validation_split'] + config['test_split']:g}; keep them under 0.9 so "
                          "there is a training span.")
    if config["model"] == "transformer" and config["units"] % config["num_heads"]:
        raise ConfigError(f"Key 'units' in {where} ({config['units']}) must be divisible by num_heads "
                          f"({config['num_heads']}) for the transformer.")


SCHEMA = Schema(
    task="forecasting",
    module="keraslab.tasks.forecasting",
    description="A CSV with a date and a value column -> a forecaster of the next steps, beside naive baselines.",
    fields=[
        Field("data", str, "daily-min-temperatures", "A time-series dataset name or a CSV path."),
        Field("date", str, None, "Date column; found automatically when not set.", optional=True),
        Field("value", str, None, "Value column to forecast; the first numeric column when not set.", optional=True),
        Field("season", int, 0, "Steps per season for the seasonal-naive baseline (0: from the dates: "
              "daily 365, weekly 52, monthly 12, quarterly 4, hourly 24).", min=0),
        Field("max_length", int, 0, "Use only the last this many steps of the series (0: all); smoke runs set it.",
              min=0),
        Field("test_split", float, 0.15, "Last fraction of the series: the test span, used once.",
              min=0, max=1, min_exclusive=True, max_exclusive=True),
        Field("window", int, 30, "Past steps the model sees.", min=1),
        Field("horizon", int, 1, "Future steps predicted at once; test_mae averages over them.", min=1),
        Field("predict", str, "level", "level: the values themselves; change: each value minus the last seen "
              "one (for trending series, whose test level lies outside the training range).",
              choices=("level", "change")),
        Field("model", str, "lstm", "The forecaster.", choices=("lstm", "gru", "conv1d", "transformer")),
        Field("units", int, 64, "Units (recurrent), filters (conv1d) or width (transformer).", min=1),
        Field("num_layers", int, 1, "Stacked layers or blocks.", min=1),
        Field("num_heads", int, 4, "Attention heads (transformer).", min=1,
              when={"model": ("transformer",)}),
        Field("dropout_rate", float, 0.0, "Dropout in the model.", min=0, max=1, max_exclusive=True),
    ] + training_fields(epochs=30, batch_size=32, learning_rate=1e-3, validation_split=0.15),
    smoke={"epochs": 1, "units": 8, "window": 7, "max_length": 120},
    check=_check,
)
