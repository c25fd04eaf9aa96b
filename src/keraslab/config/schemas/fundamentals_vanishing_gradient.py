from keraslab.config.fields import data_fields
from keraslab.config.schema import Field, Schema

# Hidden activations a gradient can flow through, and the initialisations to compare.
_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
_INITS = ("scaled", "glorot_uniform", "he_normal", "normal", "uniform")

SCHEMA = Schema(
    task="fundamentals-vanishing-gradient",
    module="keraslab.tasks.fundamentals.vanishing_gradient",
    description="NumPy: per-layer gradient norms of a deep network for several activations and initialisations.",
    fields=data_fields("mnist") + [
        Field("num_layers", int, 10, "Dense layers, the output layer included.", min=2),
        Field("units", int, 32, "Units of every hidden layer.", min=1),
        Field("activations", list, ["sigmoid", "tanh", "relu"], "Hidden activations to compare.",
              item=str, choices=_ACTIVATIONS, min_items=1),
        Field("inits", list, ["scaled", "normal"], "Initialisations to compare: scaled means Glorot (sigmoid, "
              "tanh) or He (ReLU); normal is the naive standard normal.", item=str, choices=_INITS, min_items=1),
        Field("epochs", int, 3, "Passes over the training slice, measuring gradients after each.", min=0),
        Field("batch_size", int, 64, "Samples per gradient step.", min=1),
        Field("learning_rate", float, 0.05, "Step size of SGD (with momentum 0.9).", min=0, min_exclusive=True),
        Field("blas_threads", int, 1, "Threads for NumPy's matrix products; 0: the library's default.", min=0),
    ],
    smoke={"epochs": 1, "max_samples": 256},
)
