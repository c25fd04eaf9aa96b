"""The learning-rate range test: its rule on a known curve, a run through the run context, and refusals."""

import os
import subprocess
import sys

import numpy as np
import pytest

from keraslab.errors import ConfigError
from keraslab.training.lr_find import smooth, suggest
from tests.conftest import REPO


def test_the_suggestion_is_a_tenth_of_the_smoothed_minimum_and_ignores_the_blow_up():
    rates = np.logspace(-6, 1, 100)
    # A valley with its bottom at 1e-2, then divergence to NaN.
    losses = 1 + (np.log10(rates) + 2) ** 2 / 10
    losses[90:] = np.nan
    found = suggest(rates, losses)
    assert found["minimum_loss_learning_rate"] == pytest.approx(1e-2, rel=0.2)
    assert found["suggested_learning_rate"] == pytest.approx(found["minimum_loss_learning_rate"] / 10)
    assert found["steepest_learning_rate"] < found["minimum_loss_learning_rate"]


def test_smoothing_does_not_lag():
    losses = np.r_[np.full(50, 2.0), np.full(50, 1.0)]
    assert np.argmax(smooth(losses) < 1.5) in range(48, 53)


def test_a_range_test_writes_its_curve_and_suggestion_through_the_run_context(tmp_path):
    from keraslab.training.lr_find import find_learning_rate
    from keraslab.training.run_dir import RunDirectory

    result = find_learning_rate("quickstart", runs_dir=tmp_path, steps=30, quiet=True)
    run = RunDirectory(result.run_dir)
    assert result.run_dir.parent.name == "quickstart-lr-find" and run.state() == "complete"
    assert 1e-7 < run.metrics()["suggested_learning_rate"] < 10
    assert run.facts()["rule"] == "minimum of the smoothed loss / 10"
    assert (result.run_dir / "plots" / "lr_find.png").is_file()
    assert (result.run_dir / "lr_find.csv").read_text().startswith("step,learning_rate,loss,smoothed_loss")


def test_a_preset_without_gradient_training_is_refused(tmp_path):
    from keraslab.training.lr_find import find_learning_rate

    with pytest.raises(ConfigError, match="does not train a network with gradient steps"):
        find_learning_rate("frozenlake-qlearning", runs_dir=tmp_path)


def test_the_cli_refuses_in_one_line(tmp_path):
    process = subprocess.run([sys.executable, "-m", "keraslab", "lr-find", "taxi-qlearning", "--runs-dir",
                              str(tmp_path)], capture_output=True, text=True, timeout=120, check=False,
                             env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert process.returncode == 2 and process.stderr.count("\n") == 1, process.stderr
    assert not any(tmp_path.iterdir()) if tmp_path.exists() else True
