"""CustomDense and the subclassed CustomMLP: NumPy reference, config round trip, save/load."""

import keras
import numpy as np
import pytest
from keras import ops

from keraslab.layers.custom_dense import CustomDense
from keraslab.models.custom_mlp import CustomMLP


def test_matches_numpy():
    x = np.random.default_rng(0).standard_normal((5, 7)).astype("float32")
    layer = CustomDense(3, activation="relu")
    layer(x)
    kernel, bias = (ops.convert_to_numpy(w) for w in layer.weights)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), np.maximum(x @ kernel + bias, 0), rtol=1e-5, atol=1e-6)


def test_config_round_trip():
    layer = CustomDense(4, activation="softmax", name="d")
    again = CustomDense.from_config(layer.get_config())
    assert again.units == 4 and again.name == "d" and again.get_config()["activation"] == "softmax"
    with pytest.raises(ValueError, match="units must be a positive integer"):
        CustomDense(0)


def test_subclassed_model_saves_and_loads(tmp_path):
    model = CustomMLP([16], num_classes=3, dropout_rate=0.2)
    x = np.random.default_rng(1).integers(0, 255, (6, 4, 4, 1)).astype("float32")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, np.array([0, 1, 2, 0, 1, 2]), epochs=1, verbose=0)
    model.save(tmp_path / "mlp.keras")
    loaded = keras.saving.load_model(tmp_path / "mlp.keras")
    assert isinstance(loaded, CustomMLP) and loaded.hidden_units == [16] and loaded.dropout_rate == 0.2
    np.testing.assert_allclose(ops.convert_to_numpy(loaded(x)), ops.convert_to_numpy(model(x)), rtol=1e-5, atol=1e-6)
