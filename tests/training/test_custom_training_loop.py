"""The custom-training-loop preset's three ways of training: the steps written by hand do what fit's does."""

import json
import os
import subprocess
import sys

import pytest

from keraslab.backend import installed_backends
from tests.conftest import REPO, needs_mirror
from tests.helpers.custom_steps import batch_norm_moves, one_step_differences
from tests.helpers.kill import run_killed


def test_one_hand_written_step_changes_the_weights_as_one_fit_step_does():
    differences = one_step_differences()
    assert differences["fit_moved"] > 1e-3  # the step did something worth comparing
    assert differences["from-scratch"] <= 1e-5
    assert differences["train-step"] <= 1e-5


def test_batch_norm_statistics_move_in_training_steps_only():
    moved = batch_norm_moves()
    assert moved["from-scratch"] > 1e-4 and moved["train-step"] > 1e-4
    assert moved["evaluation"] == 0.0


@pytest.mark.parametrize("backend", [b for b in ("jax", "torch", "tensorflow")
                                     if b in installed_backends() and b != os.environ.get("KERAS_BACKEND")])
def test_the_steps_hold_on_the_other_backends(backend):
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    process = subprocess.run([sys.executable, "-m", "tests.helpers.custom_steps"], check=False, cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stderr[-2000:]
    found = json.loads(process.stdout.strip().splitlines()[-1])
    assert found["step"]["fit_moved"] > 1e-3
    assert found["step"]["from-scratch"] <= 1e-5 and found["step"]["train-step"] <= 1e-5
    assert found["batch_norm"]["from-scratch"] > 1e-4 and found["batch_norm"]["train-step"] > 1e-4
    assert found["batch_norm"]["evaluation"] == 0.0


@pytest.mark.slow
@needs_mirror
def test_the_three_ways_reach_the_same_accuracy(runs_dir):
    import keraslab

    result = keraslab.run("custom-training-loop", epochs=1, max_samples=12000, runs_dir=runs_dir, quiet=True)
    tested = [result.metrics[f"test_{way}_accuracy"] for way in ("fit", "train_step", "from_scratch")]
    assert min(tested) >= 0.90
    assert result.metrics["test_accuracy_spread"] <= 0.005


@needs_mirror
def test_the_loop_from_scratch_killed_midway_resumes_where_it_would_have_ended(tmp_path):
    import keraslab
    from keraslab.training.run_dir import RunDirectory

    straight = keraslab.run("custom-training-loop", smoke=True, runs_dir=tmp_path / "a", quiet=True)

    # fit and train-step write two checkpoints each; the fifth is the loop from scratch's first
    killed = run_killed(lambda: keraslab.run("custom-training-loop", smoke=True, runs_dir=tmp_path / "b", quiet=True),
                        tmp_path / "b" / "custom-training-loop", after=5)
    assert RunDirectory(killed).phases()["from-scratch"]["loss"]  # it stopped inside the loop, after an epoch
    resumed = keraslab.run(resume=str(killed), quiet=True)
    assert resumed.metrics == pytest.approx(straight.metrics, rel=1e-4)
    expected = RunDirectory(straight.run_dir).phases()
    found = RunDirectory(killed).phases()
    assert {phase: sorted(history) for phase, history in found.items()} == {
        phase: sorted(history) for phase, history in expected.items()}
    for phase, history in found.items():
        for name, values in history.items():
            assert values == pytest.approx(expected[phase][name], rel=1e-4), (phase, name)
