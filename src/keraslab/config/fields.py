"""Field groups several task schemas share, so one key means one thing everywhere."""

from keraslab.config.precision import precision_fields
from keraslab.config.schedule import schedule_fields
from keraslab.config.schema import Field


def training_fields(epochs=10, batch_size=32, learning_rate=1e-3, optimizer="adam", validation_split=0.1):
    """Keys fed straight to Keras' compile/fit, under Keras' own names."""
    return [
        Field("epochs", int, epochs, "Passes over the training data.", min=1, max=100_000),
        Field("batch_size", int, batch_size, "Samples per gradient step.", min=1),
        Field("learning_rate", float, learning_rate, "Step size of the optimizer.", min=0, min_exclusive=True),
        Field("optimizer", str, optimizer, "Optimizer, by its Keras name.", choices=("adam", "adamw", "sgd", "rmsprop")),
        Field("validation_split", float, validation_split,
              "Fraction of training rows held out for validation (never the test split).",
              min=0, max=1, max_exclusive=True),
        Field("early_stopping_patience", int, 0,
              "Stop after this many epochs without validation improvement and keep the best weights; 0: off.", min=0),
        *schedule_fields(),
        *precision_fields(),
    ]


def data_fields(data, test_split=0.2):
    return [
        Field("data", str, data, "A dataset name (keraslab datasets list) or a path to your own data."),
        Field("test_split", float, test_split,
              "Fraction held out as the test split when the data has none; used once, at the end.",
              min=0, max=1, min_exclusive=True, max_exclusive=True),
        Field("max_samples", int, 0, "Use at most this many training samples (0: all); smoke runs set it.", min=0),
    ]


def reduce_lr_field():
    """The plateau rule, for tasks whose loop passes it to `context.fit`."""
    return Field("reduce_lr_patience", int, 0, "Halve the learning rate after this many epochs without validation "
                 "improvement; 0: off.", min=0)
