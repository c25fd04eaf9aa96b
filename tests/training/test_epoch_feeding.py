"""A phase trained by one `fit` fed by a PyDataset (JAX's way) sees the batches one `fit` per epoch sees
(TensorFlow's and PyTorch's way), and resumes from a kill exactly; the epoch order is (seed, epoch)'s."""

import numpy as np
import pytest

from keraslab.training import loop
from keraslab.training.epoch_batches import epoch_order, make_epoch_batches
from tests.helpers.kill import run_killed

# quickstart (8x8 digits, no download) with dropout, so the random generators matter too.
SETTINGS = {"epochs": 4, "dropout_rate": 0.3, "batch_size": 64, "conv_filters": [4, 8], "hidden_units": [16]}


@pytest.fixture
def one_fit(monkeypatch):
    """The JAX way on whatever backend the tests run (the per-epoch way's kill test: test_resume_and_repeat.py)."""
    import keras

    monkeypatch.setattr(loop, "_ONE_FIT_BACKENDS", (keras.backend.backend(),))


def _run(runs_dir, **extra):
    import keraslab

    return keraslab.run("quickstart", runs_dir=runs_dir, quiet=True, **{**SETTINGS, **extra})


def test_both_ways_of_feeding_fit_train_the_same_model(tmp_path, monkeypatch):
    import keras

    monkeypatch.setattr(loop, "_ONE_FIT_BACKENDS", (keras.backend.backend(),))
    one_fit = _run(tmp_path / "a")
    monkeypatch.setattr(loop, "_ONE_FIT_BACKENDS", ())
    per_epoch = _run(tmp_path / "b")
    assert one_fit.history["loss"] == pytest.approx(per_epoch.history["loss"], rel=1e-6)
    assert one_fit.history["val_accuracy"] == pytest.approx(per_epoch.history["val_accuracy"], rel=1e-6)
    assert one_fit.metrics == pytest.approx(per_epoch.metrics, rel=1e-6)
    for a, b in zip(one_fit.model.get_weights(), per_epoch.model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_a_phase_killed_after_a_checkpoint_resumes_where_it_would_have_ended(tmp_path, one_fit):
    import keraslab

    straight = _run(tmp_path / "a")
    killed = run_killed(lambda: _run(tmp_path / "b"), tmp_path / "b" / "quickstart", after=2)
    resumed = keraslab.run(resume=str(killed), quiet=True)
    assert resumed.history == straight.history
    assert resumed.metrics == straight.metrics
    for a, b in zip(resumed.model.get_weights(), straight.model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_an_early_stop_ends_the_one_fit_and_is_recorded(tmp_path, one_fit):
    # Patience 1 on a learning rate far too high: validation loss stops improving within a few epochs.
    result = _run(tmp_path, epochs=30, early_stopping_patience=1, learning_rate=1.0)
    assert result.facts["stopped_early"] is True
    assert result.facts["epochs_run"] < 30 and len(result.history["loss"]) == result.facts["epochs_run"]


def test_epochs_see_every_row_once_in_an_order_of_seed_and_epoch():
    x = np.arange(10)[:, None].astype("float32")
    batches = make_epoch_batches(x, np.arange(10), batch_size=4, seed=3, count=10)
    assert len(batches) == 3
    seen = []
    for epoch in (0, 1):
        batches.start_epoch(epoch)
        rows = np.concatenate([batches[i][1] for i in range(len(batches))])
        assert sorted(rows) == list(range(10))
        np.testing.assert_array_equal(rows, epoch_order(3, epoch, 10))
        seen.append(rows)
    assert not np.array_equal(seen[0], seen[1])
    batches.start_epoch(0)
    np.testing.assert_array_equal(np.concatenate([batches[i][1] for i in range(3)]), seen[0])
