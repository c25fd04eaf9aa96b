"""Quantisation: Keras's model.quantize on a run, what it changed, and the refusal when nothing can change."""

import keras
import numpy as np
import pytest
from keras import layers

import keraslab
from keraslab.export.formats import ExportError
from keraslab.export.quantize import quantize_model, quantize_run


@pytest.fixture(scope="module")
def digits_run(tmp_path_factory):
    return keraslab.run("quickstart", runs_dir=tmp_path_factory.mktemp("runs"), smoke=True, quiet=True).run_dir


def test_int8_quantises_only_the_dense_head_and_shrinks_the_file(digits_run):
    report = quantize_run(digits_run, "int8", repeats=1)
    assert report["quantized_layers"] and all("conv" not in name for name in report["quantized_layers"])
    assert any("conv" in name for name in report["float_layers"])
    assert report["size_bytes"]["int8"] < report["size_bytes"]["float32"]
    metrics = report["test_metrics"]
    assert abs(metrics["int8"]["accuracy"] - metrics["float32"]["accuracy"]) <= 0.05
    reloaded = keraslab.registration.load_model(report["path"])
    assert {layer.name for layer in reloaded._flatten_layers() if getattr(layer, "quantization_mode", None)} \
        == set(report["quantized_layers"])


def test_int8_dense_outputs_stay_close_to_float():
    model = keras.Sequential([keras.Input((16,)), layers.Dense(32, activation="relu"), layers.Dense(4)])
    x = np.random.default_rng(0).normal(size=(64, 16)).astype("float32")
    before = model.predict(x, verbose=0)
    changed, kept = quantize_model(model, "int8")
    assert len(changed) == 2 and kept == []
    after = model.predict(x, verbose=0)
    assert np.max(np.abs(after - before)) < 0.05 * np.max(np.abs(before))


def test_a_model_without_quantisable_layers_is_refused():
    model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(2, 3), layers.GlobalAveragePooling2D()])
    with pytest.raises(ExportError, match="has no layer Keras can quantise .* layers with weights: conv2d"):
        quantize_model(model, "int8")
