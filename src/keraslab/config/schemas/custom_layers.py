from keraslab.config.fields import data_fields, training_fields
from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="custom-layers",
    module="keraslab.tasks.custom_layers",
    description="A custom layer (CustomDense) in a functional model and in a subclassed keras.Model, trained, "
                "saved and loaded back with keras.saving.load_model.",
    fields=data_fields("mnist") + [
        Field("hidden_units", list, [128], "Units of each hidden CustomDense layer.",
              item=int, min=1),
        Field("dropout_rate", float, 0.0, "Dropout before the output layer.", min=0, max=1, max_exclusive=True),
    ] + training_fields(epochs=5, batch_size=128),
    smoke={"epochs": 1, "max_samples": 512},
)
