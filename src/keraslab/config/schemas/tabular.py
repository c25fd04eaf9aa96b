from keraslab.config.fields import data_fields, training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["problem"] == "regression" and config["class_weight"]:
        raise ConfigError(f"Key 'class_weight' in {where} applies to classification only; drop it or set problem=classification.")


SCHEMA = Schema(
    task="tabular",
    module="keraslab.tasks.tabular",
    description="A CSV with a target column -> an MLP for regression or classification.",
    fields=data_fields("concrete") + [
        Field("target", str, None, "Column to predict; defaults to the dataset's own target.", optional=True),
        Field("problem", str, "auto", "regression or classification; auto infers it from the target column.",
              choices=("auto", "regression", "classification")),
        Field("hidden_units", list, [64, 64], "Units of each hidden Dense layer, in order.",
              item=int, min=1),
        Field("activation", str, "relu", "Activation of the hidden layers.",
              choices=("relu", "gelu", "tanh", "sigmoid", "elu", "selu", "swish")),
        Field("dropout_rate", float, 0.0, "Dropout after each hidden layer.", min=0, max=1, max_exclusive=True),
        Field("normalize", bool, True, "Standardise numeric features with statistics of training rows only."),
        Field("class_weight", bool, False, "Weight classes inversely to their frequency (classification)."),
    ] + training_fields(epochs=100, batch_size=32),
    smoke={"epochs": 2, "max_samples": 200},
    check=_check,
)
