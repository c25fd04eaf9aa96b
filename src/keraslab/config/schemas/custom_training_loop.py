from keraslab.config.fields import data_fields, training_fields
from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="custom-training-loop",
    module="keraslab.tasks.custom_training_loop",
    description="One MNIST model trained three ways side by side: Keras's fit, fit with a train_step written by "
                "hand per backend, and a loop written from scratch per backend (metrics and a callback by hand).",
    fields=data_fields("mnist") + [
        Field("hidden_units", list, [128], "Units of each hidden Dense layer (the course: Flatten-128-10).",
              item=int, min=1),
    ] + training_fields(epochs=5, batch_size=32),
    smoke={"epochs": 2, "max_samples": 256},
)
