from keraslab.config.fields import data_fields
from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="fundamentals-mlp",
    module="keraslab.tasks.fundamentals.mlp",
    description="NumPy: a multilayer perceptron with hand-written backpropagation, mini-batch SGD with momentum.",
    fields=data_fields("mnist") + [
        Field("hidden_units", list, [784, 100], "Units of each hidden layer (the course's MNIST network).",
              item=int, min=1),
        Field("activation", str, "relu", "Activation of the hidden layers.",
              choices=("relu", "leaky_relu", "sigmoid", "tanh", "linear")),
        Field("init", str, "he_normal", "Initial weights: he_normal suits ReLU, glorot_uniform sigmoid and tanh.",
              choices=("he_normal", "glorot_uniform", "normal", "uniform")),
        Field("epochs", int, 6, "Passes over the training data.", min=1),
        Field("batch_size", int, 128, "Samples per gradient step.", min=1),
        Field("learning_rate", float, 0.05, "Step size of SGD.", min=0, min_exclusive=True),
        Field("momentum", float, 0.9, "Fraction of the previous step kept (0: plain SGD).", min=0, max=1,
              max_exclusive=True),
        Field("validation_split", float, 0.1, "Training rows held out to watch each epoch (never the test split).",
              min=0, max=1, max_exclusive=True),
        Field("blas_threads", int, 1, "Threads for NumPy's matrix products; 0: the library's default. One thread "
              "was 10x faster than two on a busy 2-core CPU (OpenBLAS threads spin while they wait).", min=0),
    ],
    smoke={"epochs": 1, "max_samples": 512, "hidden_units": [32]},
)
