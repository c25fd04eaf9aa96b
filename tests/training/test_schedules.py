"""Learning-rate schedules as config keys: their curves against NumPy, the learning rate in history, resume
on the curve, and bad settings refused in one line before anything runs."""

import math
import os
import subprocess
import sys

import numpy as np
import pytest

from keraslab.config.presets import load_preset
from keraslab.config.schemas import schema_for
from keraslab.errors import ConfigError
from tests.conftest import REPO
from tests.helpers.kill import run_killed

STEPS = 10  # steps per epoch in the curve tests


def curve(epochs=6, **settings):
    from keraslab.training.schedules import make_schedule

    config = {**schema_for("tabular").defaults(), "epochs": epochs, "learning_rate": 0.1, **settings}
    schedule = make_schedule(config, STEPS)
    return np.array([float(schedule(step)) for step in range(epochs * STEPS + 1)])


def test_constant_is_no_schedule():
    from keraslab.training.schedules import make_schedule

    assert make_schedule(schema_for("tabular").defaults(), STEPS) is None


def test_step_decay_halves_every_decay_epochs():
    rates = curve(learning_rate_schedule="step", decay_rate=0.5, decay_epochs=2)
    assert np.allclose(rates[[0, 19, 20, 39, 40]], [0.1, 0.1, 0.05, 0.05, 0.025])


def test_exponential_decay_is_smooth():
    rates = curve(learning_rate_schedule="exponential", decay_rate=0.5, decay_epochs=2)
    assert np.allclose(rates, 0.1 * 0.5 ** (np.arange(len(rates)) / 20), rtol=1e-5)


def test_cosine_warms_up_then_anneals_to_the_minimum():
    rates = curve(learning_rate_schedule="cosine", warmup_epochs=1, min_learning_rate=0.001)
    assert np.allclose(rates[:11], np.linspace(0, 0.1, 11), atol=1e-6)  # linear warm-up to the peak
    decay = np.arange(51) / 50
    assert np.allclose(rates[10:], 0.001 + (0.1 - 0.001) * (1 + np.cos(np.pi * decay)) / 2, rtol=1e-4)


def test_one_cycle_rises_to_the_peak_and_falls_far_below_its_start():
    rates = curve(learning_rate_schedule="one_cycle", warmup_epochs=2)
    assert rates[0] == pytest.approx(0.1 / 25) and rates[20] == pytest.approx(0.1)
    assert np.all(np.diff(rates[:21]) > 0) and np.all(np.diff(rates[20:]) < 0)
    assert rates[-1] == pytest.approx(0.1 / 1e5, rel=1e-3)


def test_cyclical_triangle_goes_between_its_bounds():
    rates = curve(learning_rate_schedule="cyclical", min_learning_rate=0.01, cycle_epochs=1)
    assert np.allclose(rates[[0, 5, 10, 15, 20, 30]], [0.01, 0.055, 0.1, 0.055, 0.01, 0.1], rtol=1e-5)


@pytest.mark.parametrize(("settings", "words"), [
    ({"learning_rate_schedule": "cosin"}, ["learning_rate_schedule", "Did you mean 'cosine'"]),
    ({"learning_rate_schedule": "cosine", "warmup_epochs": 10, "epochs": 10}, ["warmup_epochs", "epochs=10"]),
    ({"learning_rate_schedule": "one_cycle", "warmup_epochs": 12, "epochs": 10}, ["warmup_epochs"]),
    ({"learning_rate_schedule": "cyclical", "min_learning_rate": 0.01, "learning_rate": 0.01},
     ["min_learning_rate", "below learning_rate"]),
])
def test_bad_schedules_are_refused_with_the_key_named(settings, words):
    preset = load_preset("concrete-regression")
    with pytest.raises(ConfigError) as caught:
        schema_for(preset.task).validate({**preset.config, **settings}, "test")
    for word in words:
        assert word in str(caught.value)


def test_the_cli_refuses_a_misspelt_schedule_in_one_line(tmp_path):
    process = subprocess.run([sys.executable, "-m", "keraslab", "run", "concrete-regression", "--set",
                              "learning_rate_schedule=one-cycle", "--runs-dir", str(tmp_path)], capture_output=True,
                             text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")}, timeout=120, check=False)
    assert process.returncode == 2 and process.stderr.count("\n") == 1, process.stderr
    assert "Did you mean 'one_cycle'" in process.stderr
    assert not (tmp_path / "concrete-regression").exists()


def test_the_learning_rate_follows_the_schedule_into_history_and_resumes_on_it(tmp_path):
    import keraslab
    from keraslab.training.run_dir import RunDirectory

    settings = {"epochs": 4, "batch_size": 64, "learning_rate": 0.01, "learning_rate_schedule": "step",
                "decay_rate": 0.5, "decay_epochs": 1}
    straight = keraslab.run("quickstart", runs_dir=tmp_path / "a", quiet=True, **settings)
    rates = RunDirectory(straight.run_dir).read_history()["learning_rate"]
    assert np.allclose(rates, [0.005, 0.0025, 0.00125, 0.000625])  # each epoch's end, after its last step

    killed = run_killed(lambda: keraslab.run("quickstart", runs_dir=tmp_path / "b", quiet=True, **settings),
                        tmp_path / "b" / "quickstart", after=2)
    resumed = keraslab.run(resume=str(killed), quiet=True)
    assert resumed.metrics == pytest.approx(straight.metrics, rel=1e-4)
    assert RunDirectory(killed).read_history()["learning_rate"] == pytest.approx(rates)
    assert math.isclose(float(resumed.model.optimizer.learning_rate), float(straight.model.optimizer.learning_rate))
