"""CustomMLP: a subclassed keras.Model (the course's `MyModel`) built from CustomDense layers.

Subclassed models save and load like functional ones when `get_config` returns the constructor's
arguments: `keras.saving.load_model` calls `CustomMLP(**config)` and then restores the weights.
"""

import keras
from keras import layers

from keraslab.layers.custom_dense import CustomDense


@keras.saving.register_keras_serializable(package="keraslab")
class CustomMLP(keras.Model):
    def __init__(self, hidden_units=(128,), num_classes=10, dropout_rate=0.0, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units = [int(u) for u in hidden_units]
        self.num_classes = int(num_classes)
        self.dropout_rate = float(dropout_rate)
        self.flatten = layers.Flatten()
        self.rescale = layers.Rescaling(1 / 255)
        self.hidden = [CustomDense(units, activation="relu", name=f"custom_dense_{i + 1}")
                       for i, units in enumerate(self.hidden_units)]
        self.dropout = layers.Dropout(self.dropout_rate) if self.dropout_rate else None
        self.classifier = CustomDense(self.num_classes, activation="softmax", name="class_probabilities")

    def call(self, inputs, training=None):
        x = self.rescale(self.flatten(inputs))
        for layer in self.hidden:
            x = layer(x)
        if self.dropout is not None:
            x = self.dropout(x, training=training)
        return self.classifier(x)

    def get_config(self):
        return {**super().get_config(), "hidden_units": self.hidden_units, "num_classes": self.num_classes,
                "dropout_rate": self.dropout_rate}
