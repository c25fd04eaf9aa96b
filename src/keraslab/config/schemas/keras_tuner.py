from keraslab.config.precision import precision_fields
from keraslab.config.fields import data_fields
from keraslab.config.schema import Field, Schema


def _check(config, where):
    import importlib.util

    from keraslab.errors import ConfigError

    if importlib.util.find_spec("keras_tuner") is None:
        raise ConfigError(f"{where} needs KerasTuner, which is not installed: pip install 'keraslab[tune]'.")
    if config["units_min"] > config["units_max"]:
        raise ConfigError(f"Key 'units_min' in {where} ({config['units_min']}) is above units_max "
                          f"({config['units_max']}); swap them.")
    if config["learning_rate_min"] > config["learning_rate_max"]:
        raise ConfigError(f"Key 'learning_rate_min' in {where} ({config['learning_rate_min']:g}) is above "
                          f"learning_rate_max ({config['learning_rate_max']:g}); swap them.")


SCHEMA = Schema(
    task="keras-tuner",
    module="keraslab.tasks.keras_tuner",
    description="The course's KerasTuner lab: search the hidden units and learning rate of an MNIST classifier "
                "with RandomSearch, Hyperband or BayesianOptimization, retrain the best once and test it once.",
    fields=data_fields("mnist") + [
        Field("tuner", str, "random", "KerasTuner's search: random (RandomSearch, the course's), hyperband or "
              "bayesian (BayesianOptimization).", choices=("random", "hyperband", "bayesian")),
        Field("model", str, "dense", "dense: the course's Flatten-Dense(units)-Dense(10); cnn: two small "
              "convolutions, each followed by max-pooling, in front of the same searched Dense layer; "
              "cnn-light: the second convolution strides instead of pooling; cnn-strided: both do (about half "
              "the work, less accurate).", choices=("dense", "cnn", "cnn-light", "cnn-strided")),
        Field("units_min", int, 32, "Smallest hidden units searched.", min=1),
        Field("units_max", int, 512, "Largest hidden units searched.", min=1),
        Field("units_step", int, 32, "Step between searched unit counts.", min=1),
        Field("learning_rate_min", float, 1e-4, "Smallest learning rate searched (log scale).", min=0,
              min_exclusive=True),
        Field("learning_rate_max", float, 1e-2, "Largest learning rate searched (log scale).", min=0,
              min_exclusive=True),
        Field("dropout_rate", float, 0.0, "Dropout before the output layer (0: none, as in the course).", min=0,
              max=1, max_exclusive=True),
        Field("max_trials", int, 10, "Hyperparameter sets tried (Hyperband ignores it: its max_epochs, here "
              "epochs, and factor 3 decide).", min=1),
        Field("executions_per_trial", int, 2, "Models trained per set, their best validation accuracies averaged.",
              min=1),
        Field("epochs", int, 5, "Epochs per execution, and of the final retraining (Hyperband's largest).",
              min=1, max=100_000),
        Field("batch_size", int, 128, "Samples per gradient step.", min=1),
        Field("validation_split", float, 0.2, "Training images held out to score trials (never the test split).",
              min=0, max=1, min_exclusive=True, max_exclusive=True),
        *precision_fields(),
    ],
    smoke={"max_trials": 2, "executions_per_trial": 1, "epochs": 1, "max_samples": 256},
    check=_check,
)
