"""The Zoomcamp training lessons (tasks/head_comparison.py): what the preset contract does not check.

Heads are trained here on small separable feature arrays, not on a backbone's features: the mechanisms
(which checkpoint file is tested, one curve and one TensorBoard run per variant) do not depend on where
the features came from, and the contract test runs every clothing-* preset whole in smoke mode."""

import csv

import numpy as np
import pytest

from keraslab.config.resolve import resolve
from keraslab.training.context import RunContext
from keraslab.training.run_dir import RunDirectory

from tests.test_cli import run_cli


def _features(seed, count=96, num_classes=3, width=12):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, num_classes, count)
    centres = np.random.default_rng(0).normal(size=(num_classes, width)) * 2
    return (centres[y] + rng.normal(size=(count, width))).astype("float32"), y


def _context(preset, runs_dir, *overrides):
    _, _, config = resolve(preset, list(overrides))
    return config, RunContext(config, RunDirectory.create(runs_dir, preset), quiet=True)


def test_the_chosen_checkpoint_file_is_the_one_tested(runs_dir):
    import keras

    from keraslab.tasks.head_comparison import _checkpointing

    config, context = _context("clothing-checkpointing", runs_dir, "epochs=4", "checkpoint_every=2",
                               "evaluate_checkpoint=epoch-2", "hidden_units=8", "learning_rate=0.01", "batch_size=16")
    train, val, test = _features(1), _features(2), _features(3)
    _, results = _checkpointing(config, context, train, val, test, 3)
    folder = runs_dir / "clothing-checkpointing"
    saved = next(folder.iterdir()) / "model_checkpoints"
    assert sorted(p.name for p in saved.iterdir()) == ["best.keras", "epoch-002.keras", "epoch-004.keras", "last.keras"]
    assert results["checkpoint_epoch"] == 2 and context.info["evaluated_checkpoint"].endswith("epoch-002.keras")
    tested = keras.saving.load_model(saved / "epoch-002.keras").evaluate(*test, verbose=0, return_dict=True)
    assert results["test_accuracy"] == pytest.approx(float(tested["accuracy"]))
    history = context.phase_history("head")
    assert results["checkpoint_val_accuracy"] == history["val_accuracy"][1]
    # best-only holds the epoch of the best validation accuracy; last the final epoch, as every-N's epoch 4 does.
    best = keras.saving.load_model(saved / "best.keras").evaluate(*val, verbose=0, return_dict=True)
    assert float(best["accuracy"]) == pytest.approx(max(history["val_accuracy"]))
    last, fourth = (keras.saving.load_model(saved / name).get_weights() for name in ("last.keras", "epoch-004.keras"))
    assert all(np.array_equal(a, b) for a, b in zip(last, fourth))


def test_a_best_only_checkpoint_keeps_its_own_best_beside_an_every_epoch_one(tmp_path):
    """keraslab calls fit once per epoch and hands the callbacks' state from call to call (and through resume);
    two ModelCheckpoints must not be handed each other's `best`, or best.keras is written every epoch."""
    import keras

    from keraslab.training.loop import carried_state

    best_only = keras.callbacks.ModelCheckpoint(str(tmp_path / "best.keras"), monitor="val_accuracy", mode="max",
                                                save_best_only=True)
    every_epoch = keras.callbacks.ModelCheckpoint(str(tmp_path / "last.keras"))
    best_only.best, every_epoch.best = 0.9, float("inf")
    carried = carried_state([best_only, every_epoch], {}, lambda model: None)
    carried.on_epoch_end(0)
    best_only.best = every_epoch.best = None  # as a new process (a resumed run) builds them
    resumed = carried_state([best_only, every_epoch], carried.saved, lambda model: None)
    resumed.on_train_begin()
    assert (best_only.best, every_epoch.best) == (0.9, float("inf"))


def test_each_variant_is_one_curve_one_tensorboard_run_and_one_row(runs_dir, monkeypatch):
    from keraslab.plots import overlaid_curves
    from keraslab.tasks.head_comparison import _compare

    drawn = {}
    monkeypatch.setattr(overlaid_curves, "save_figure", lambda figure, path: drawn.update(
        figure=figure, labels=[[line.get_label() for line in axis.get_lines()] for axis in figure.axes]))
    config, context = _context("clothing-dropout", runs_dir, "epochs=2", "dropout_rates=0,0.5", "hidden_units=8")
    context.overlay_phases()
    _, results = _compare(config, context, _features(1), _features(2), _features(3), 3)
    variants = ["dropout-0", "dropout-0p5"]
    assert drawn["labels"] == [variants] * 3  # loss, val_loss, val_accuracy: one curve per variant in each
    assert sorted(results) == ["best_val_accuracy_dropout_0", "best_val_accuracy_dropout_0p5", "test_accuracy",
                               "test_loss"]
    run = next((runs_dir / "clothing-dropout").iterdir())
    with open(run / "variants.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["variant"] for row in rows] == variants and [row["tested"] for row in rows].count("True") == 1
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    for variant in variants:  # side by side in TensorBoard: every variant's first epoch at step 1
        events = EventAccumulator(str(run / "tensorboard" / variant))
        events.Reload()
        assert [e.step for e in events.Scalars("val_accuracy")] == [1, 2]


@pytest.mark.parametrize("preset, override, message", [
    ("clothing-checkpointing", "evaluate_checkpoint=epoch-7", "Key 'evaluate_checkpoint' in preset "
     "'clothing-checkpointing': epoch-7 is never saved (checkpoints every 5 epochs up to epoch 10)."),
    ("clothing-checkpointing", "evaluate_checkpoint=bset", "must be best, last or epoch-N; got 'bset'"),
    ("clothing-depth-width", "hidden_layouts=100,100x3", "'100x3' is not a layout of units"),
    ("clothing-learning-rate", "learning_rate_schedule=cosine", "the learning_rate lesson compares constant rates"),
    ("clothing-learning-rate", "dropout_rates=0.1", "applies only when compare is dropout_rate"),
    ("clothing-optimizers", "learning_rates=0.01,0.001,0.01", "Key 'learning_rates' in preset 'clothing-optimizers' "
     "lists 0.01 twice"),
])
def test_bad_lesson_settings_are_one_line_and_exit_2(capsys, runs_dir, preset, override, message):
    code, _, err = run_cli(capsys, "run", preset, "--set", override, "--runs-dir", str(runs_dir))
    assert code == 2 and message in err and err.count("\n") == 1
    assert not runs_dir.exists()
