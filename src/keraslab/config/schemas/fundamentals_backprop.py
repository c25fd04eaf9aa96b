from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="fundamentals-backprop",
    module="keraslab.tasks.fundamentals.backprop",
    description="NumPy: the two-neuron chain's gradients by hand, then XOR and AND with a 2-2-1 sigmoid network.",
    fields=[
        Field("learning_rate", float, 0.1,
              "Step size on gradients summed over the four input pairs (the course's 0.1).",
              min=0, min_exclusive=True),
        Field("max_epochs", int, 180_000, "Epochs at most (the course trains XOR for 180,000).", min=1),
        Field("tolerance", float, 0.01, "Solved once the mean absolute error is at most this.", min=0,
              min_exclusive=True),
        Field("num_hidden", int, 2, "Hidden sigmoid units (2 is the smallest network that can represent XOR).", min=1),
    ],
    # A larger step solves XOR in a few thousand epochs: the whole lesson in a second.
    smoke={"learning_rate": 2.0, "max_epochs": 20_000},
)
