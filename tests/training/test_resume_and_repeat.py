"""A run killed mid-training resumes to the same result, randomness (dropout) included; SIGTERM marks a
run interrupted; a run whose process died reads as interrupted; the same seed repeats the same result."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, needs_mirror

BACKEND = os.environ["KERAS_BACKEND"]
# quickstart (8x8 digits, no download) with dropout: the case that drew new masks after resume before.
SETTINGS = ["--set", "epochs=5", "--set", "dropout_rate=0.3", "--set", "batch_size=64", "--backend", BACKEND,
            "--quiet", "--json"]


def keraslab(*argv, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen([sys.executable, "-m", "keraslab", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kwargs)


def finish(process):
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def wait_for_step(runs_dir, at_least, process):
    while process.poll() is None:
        for pointer in runs_dir.glob("*/*/checkpoints/*/latest"):
            text = pointer.read_text().strip()
            if text and int(text.split("-")[1]) >= at_least:
                return pointer.parents[2]
        time.sleep(0.02)
    pytest.fail("the run ended before it could be interrupted")


def test_killed_run_with_dropout_resumes_bit_for_bit(tmp_path):
    straight = finish(keraslab("run", "quickstart", *SETTINGS, "--runs-dir", str(tmp_path / "a")))

    process = keraslab("run", "quickstart", *SETTINGS, "--runs-dir", str(tmp_path / "b"))
    run_dir = wait_for_step(tmp_path / "b", 1, process)  # epochs are checkpointed sparsely: 1 is sure
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert json.loads((run_dir / "status.json").read_text())["status"] == "running"
    assert not (run_dir / "metrics.json").exists()
    listing = subprocess.run([sys.executable, "-m", "keraslab", "runs", "--runs-dir", str(tmp_path / "b")],
                             capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert "interrupted" in listing.stdout, listing.stdout  # its process is gone: not 'running'

    resumed = finish(keraslab("run", "--resume", str(run_dir), "--quiet", "--json"))
    assert resumed["run_dir"] == str(run_dir) and resumed["status"] == "complete"
    assert resumed["metrics"] == straight["metrics"]
    history = (run_dir / "history.csv").read_text().splitlines()
    assert history[0].startswith("phase,epoch,") and len(history) == 6  # every epoch once
    assert history == (Path(straight["run_dir"]) / "history.csv").read_text().splitlines()


def test_sigterm_marks_the_run_interrupted_and_resumable(tmp_path):
    # 15 epochs, not 5: on a loaded machine the poll can first see a checkpoint when 5 epochs are already done.
    process = keraslab("run", "quickstart", *SETTINGS, "--set", "epochs=15", "--runs-dir", str(tmp_path))
    run_dir = wait_for_step(tmp_path, 1, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode != 0, err[-2000:]
    status = json.loads((run_dir / "status.json").read_text())
    assert status["status"] == "interrupted" and "--resume" in status["reason"]
    assert finish(keraslab("run", "--resume", str(run_dir), "--quiet", "--json"))["status"] == "complete"


def test_resume_refuses_settings_it_cannot_honour(tmp_path):
    run_dir = tmp_path / "quickstart" / "20260101-000000-abcdef"
    run_dir.mkdir(parents=True)
    (run_dir / "config.yaml").write_text("preset: quickstart\nbackend: tensorflow\nconfig: {task: image-classifier}\n")
    for extra in (["quickstart"], ["--set", "epochs=9"]):
        process = keraslab("run", *extra, "--resume", str(run_dir))
        out, err = process.communicate(timeout=120)
        assert process.returncode == 2 and len(err.strip().splitlines()) == 1, err
        assert "--resume continues a run with the config it saved" in err


@needs_mirror
def test_same_seed_same_metrics(tmp_path):
    settings = ["--set", "epochs=5", "--set", "hidden_units=32,32", "--set", "batch_size=64", "--backend", BACKEND,
                "--quiet", "--json"]
    first = finish(keraslab("run", "concrete-regression", *settings, "--runs-dir", str(tmp_path / "a")))
    second = finish(keraslab("run", "concrete-regression", *settings, "--runs-dir", str(tmp_path / "b")))
    assert first["metrics"] == second["metrics"]
