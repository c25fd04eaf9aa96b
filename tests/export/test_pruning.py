"""Magnitude pruning: the schedule and the mask against NumPy, the callback on every backend's fit, the run."""

import keras
import numpy as np
import pytest
from keras import layers

import keraslab
from keraslab.cli import main
from keraslab.export.formats import ExportError
from keraslab.export.prune import prune_run
from keraslab.export.pruning import (
    MagnitudePruning,
    magnitude_mask,
    polynomial_sparsity,
    sparsity_of,
)


def test_polynomial_schedule_is_tf_mots_cubic():
    assert polynomial_sparsity(0, 0.9, 0, 100) == 0.0
    assert polynomial_sparsity(100, 0.9, 0, 100) == 0.9
    assert polynomial_sparsity(500, 0.9, 0, 100) == 0.9
    assert polynomial_sparsity(50, 0.9, 0, 100) == pytest.approx(0.9 - 0.9 * 0.5 ** 3)


def test_mask_zeros_exactly_the_smallest_magnitudes():
    values = np.random.default_rng(0).normal(size=(40, 25)).astype("float32")
    mask = magnitude_mask(values, 0.75)
    assert mask.sum() == values.size // 4
    assert np.abs(values[mask == 0]).max() < np.abs(values[mask == 1]).min()
    assert magnitude_mask(values, 0.0).all()


def test_callback_reaches_its_sparsity_and_pruned_weights_stay_zero():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((20,)), layers.Dense(32, activation="relu"), layers.Dense(3)])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    x = np.random.default_rng(1).normal(size=(256, 20)).astype("float32")
    y = (x[:, 0] > 0).astype("int32") + (x[:, 1] > 0)
    pruning = MagnitudePruning(0.8, end_step=20, frequency=5)
    model.fit(x, y, batch_size=16, epochs=3, verbose=0, callbacks=[pruning])  # 48 steps: 28 at full sparsity
    per_kernel, overall = sparsity_of(model)
    assert overall == pytest.approx(0.8, abs=0.01)
    assert all(value == pytest.approx(0.8, abs=0.01) for value in per_kernel.values())


@pytest.mark.parametrize("sparsity", [-0.1, 1.0])
def test_sparsity_outside_zero_one_is_refused(sparsity):
    with pytest.raises(ExportError, match=r"outside \[0, 1\)"):
        MagnitudePruning(sparsity, end_step=10)


def test_pruning_a_run_writes_a_sparse_model_that_compresses(tmp_path_factory, capsys):
    run = keraslab.run("quickstart", runs_dir=tmp_path_factory.mktemp("runs"), smoke=True, quiet=True).run_dir
    report = prune_run(run, 0.75, epochs=2, batch_size=8)
    assert report["sparsity"] == pytest.approx(0.75, abs=0.01)
    assert report["size"]["pruned"]["gzip_bytes"] < 0.6 * report["size"]["original"]["gzip_bytes"]
    reloaded = keraslab.registration.load_model(report["path"])
    assert sparsity_of(reloaded)[1] == pytest.approx(report["sparsity"])
    assert main(["prune", str(run), "--sparsity", "1.5"]) == 2
    assert "Sparsity 1.5 is outside [0, 1)" in capsys.readouterr().err
