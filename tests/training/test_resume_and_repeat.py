"""A run killed mid-training resumes to the same result; the same seed repeats the same result."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, needs_mirror

SETTINGS = ["--set", "epochs=12", "--set", "hidden_units=32,32", "--set", "batch_size=64",
            "--backend", "tensorflow", "--quiet", "--json"]


def keraslab(*argv, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen([sys.executable, "-m", "keraslab", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kwargs)


def finish(process):
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def wait_for_epoch(runs_dir, at_least, process):
    while process.poll() is None:
        for pointer in runs_dir.glob("*/*/checkpoints/latest"):
            text = pointer.read_text().strip()
            if text and int(text.split("-")[1]) >= at_least:
                return pointer.parents[1]
        time.sleep(0.02)
    pytest.fail("the run ended before it could be interrupted")


@needs_mirror
def test_killed_run_resumes_to_the_same_metrics(tmp_path):
    straight = finish(keraslab("run", "concrete-regression", *SETTINGS, "--runs-dir", str(tmp_path / "a")))

    process = keraslab("run", "concrete-regression", *SETTINGS, "--runs-dir", str(tmp_path / "b"))
    run_dir = wait_for_epoch(tmp_path / "b", 4, process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert json.loads((run_dir / "status.json").read_text())["status"] == "running"
    assert not (run_dir / "metrics.json").exists()

    resumed = finish(keraslab("run", "--resume", str(run_dir), "--quiet", "--json"))
    assert resumed["run_dir"] == str(run_dir) and resumed["status"] == "complete"
    assert resumed["metrics"]["test_mse"] == pytest.approx(straight["metrics"]["test_mse"], rel=1e-6)
    history = (run_dir / "history.csv").read_text().splitlines()
    assert len(history) == 13  # header and one row per epoch, none lost or repeated


@needs_mirror
def test_same_seed_same_metrics(tmp_path):
    first = finish(keraslab("run", "concrete-regression", *SETTINGS, "--set", "epochs=5",
                            "--runs-dir", str(tmp_path / "a")))
    second = finish(keraslab("run", "concrete-regression", *SETTINGS, "--set", "epochs=5",
                             "--runs-dir", str(tmp_path / "b")))
    assert first["metrics"] == second["metrics"]
