"""The run directory as the only reader, the run context as the only writer, and the typed spec."""

import json
import subprocess
import sys

import numpy as np
import pytest

from keraslab.cli import main
from keraslab.errors import KeraslabError
from keraslab.training.context import RunContext
from keraslab.training.run_dir import RunDirectory
from keraslab.training.runner import split_clocked
from keraslab.training.spec import make_spec, read_spec


def make_run(runs_dir, preset="tabular"):
    run = RunDirectory.create(runs_dir, preset)
    run.write_config({"task": "tabular", "seed": 1}, {"preset": preset, "backend": "tensorflow", "smoke": True})
    return run


def dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_running_run_whose_process_is_gone_reads_interrupted(runs_dir):
    run = make_run(runs_dir)
    run.write_status("running")
    assert run.state() == "running"  # this process holds it
    status = json.loads((run.path / "status.json").read_text())
    (run.path / "status.json").write_text(json.dumps({**status, "pid": dead_pid()}))
    assert run.state() == "interrupted" and "--resume" in run.status()["reason"]
    with pytest.raises(KeraslabError, match="is interrupted, not complete.*predict needs a complete run"):
        run.require_complete("predict")


def test_one_damaged_run_folder_does_not_stop_the_listing(runs_dir, capsys):
    good = make_run(runs_dir)
    good.write_results({"test_mse": 12.5}, {"backend": "tensorflow"})
    good.write_status("complete")
    broken = make_run(runs_dir)
    (broken.path / "metrics.json").write_text("{not json")
    (broken.path / "status.json").write_text("[]")
    assert broken.metrics() == {} and broken.state() == "unknown"
    assert main(["runs", "--runs-dir", str(runs_dir)]) in (0, None)
    out = capsys.readouterr().out
    assert "test_mse=12.5" in out and str(broken.path) in out


def test_metrics_and_facts_are_kept_apart():
    metrics, facts = split_clocked({"test_accuracy": np.float32(0.5), "train_seconds": 3.0,
                                    "env_steps_per_second": 100.0, "generation_seconds_per_image": 0.1,
                                    "gflops": 2.0, "env_steps": 5})
    assert metrics == {"test_accuracy": 0.5, "env_steps": 5}
    assert set(facts) == {"train_seconds", "env_steps_per_second", "generation_seconds_per_image", "gflops"}


def test_newest_complete_run_of_a_preset(runs_dir):
    older, newer, failed = make_run(runs_dir), make_run(runs_dir), make_run(runs_dir)
    for run, state in ((older, "complete"), (newer, "complete"), (failed, "failed")):
        run.model_path.write_bytes(b"model")
        run.write_status(state)
    found = RunDirectory.newest_complete(runs_dir, "tabular")
    assert found is not None and found.path in (older.path, newer.path) and found.path != failed.path
    assert RunDirectory.newest_complete(runs_dir, "other") is None


def test_spec_fields_are_declared_per_kind_and_versioned(tmp_path):
    with pytest.raises(ValueError, match="missing \\['image_shape'\\]"):
        make_spec("images", {"class_names": ["a"]})
    with pytest.raises(ValueError, match="Unknown spec kind"):
        make_spec("pictures", {})
    spec = make_spec("images", {"class_names": ["a", "b"], "image_shape": [8, 8, 1]})
    (tmp_path / "spec.json").write_text(json.dumps(spec.to_json()))
    assert read_spec(tmp_path) == spec and read_spec(tmp_path)["class_names"] == ["a", "b"]
    (tmp_path / "spec.json").write_text(json.dumps({**spec.to_json(), "version": 99}))
    with pytest.raises(KeraslabError, match="spec version 99"):
        read_spec(tmp_path)


def test_phases_have_their_own_history_and_checkpoints(runs_dir):
    import keras

    run = make_run(runs_dir)
    config = {"epochs": 2, "batch_size": 8, "seed": 3}
    context = RunContext(config, run, quiet=True)
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    with context.phase("warm-up"):
        context.fit(model, x, y)
        with pytest.raises(ValueError, match="has a fit already"):
            context.fit(model, x, y)
    with context.phase("main"):
        context.fit(model, x, y, epochs=3)
    with pytest.raises(ValueError, match="ran already"):
        with context.phase("main"):
            pass
    assert {name: len(h["loss"]) for name, h in run.phases().items()} == {"warm-up": 2, "main": 3}
    assert len(context.history["loss"]) == 5
    assert (run.path / "checkpoints" / "warm-up" / "latest").is_file()
    with np.load(run.path / "checkpoints" / "main" / "step-000003" / "arrays.npz") as arrays:
        assert any(name.startswith("best_model_") for name in arrays)  # the best weights go with the checkpoint


def test_every_file_is_written_whole_or_not_at_all(runs_dir):
    run = make_run(runs_dir)
    context = RunContext({"seed": 1}, run, quiet=True)
    context.write_table("episodes.csv", {"return": [1.0, 2.0]}, index_name="episode")
    assert (run.path / "episodes.csv").read_text().splitlines() == ["episode,return", "1,1.0", "2,2.0"]
    with pytest.raises(RuntimeError):
        with context.output("weights.npz") as path:
            np.savez(path, a=np.zeros(3))
            raise RuntimeError("killed half way")
    assert not (run.path / "weights.npz").exists()
    assert not [p for p in run.path.iterdir() if p.name.startswith(".")], "no temporary file left behind"
