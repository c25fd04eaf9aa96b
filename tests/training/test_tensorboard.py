"""TensorBoard event files written by every run (training/tensorboard_log.py) and `keraslab tensorboard`."""

import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import REPO
from tests.helpers.kill import run_killed

pytest.importorskip("tensorboard")


def _accumulator(folder):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    accumulator = EventAccumulator(str(folder), size_guidance={"scalars": 0, "images": 0, "tensors": 0})
    accumulator.Reload()
    return accumulator


def _events_without_wall_time(path, phase="train"):
    """The file's events with wall times zeroed; the hparams session's name (the run id) blanked."""
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
    from tensorboard.plugins.hparams import plugin_data_pb2

    events = []
    for event in EventFileLoader(str(path)).Load():
        event.wall_time = 0
        for value in event.summary.value:
            if value.tag == "_hparams_/session_start_info":
                data = plugin_data_pb2.HParamsPluginData.FromString(value.metadata.plugin_data.content)
                assert data.session_start_info.group_name.endswith(f"/{phase}")
                data.session_start_info.group_name = ""
                value.metadata.plugin_data.content = data.SerializeToString(deterministic=True)
        events.append(event.SerializeToString(deterministic=True))
    return events


def test_an_image_run_writes_every_history_column_its_config_and_its_plots(tmp_path):
    import keraslab
    from keraslab.training.run_dir import RunDirectory

    result = keraslab.run("mnist-dense", runs_dir=tmp_path, smoke=True, quiet=True)
    history = RunDirectory(result.run_dir).phases()
    scalars = _accumulator(result.run_dir / "tensorboard" / "train")
    assert sorted(scalars.Tags()["scalars"]) == sorted(history["train"]) and "learning_rate" in history["train"]
    for name, values in history["train"].items():
        events = scalars.Scalars(name)
        assert [e.step for e in events] == list(range(1, len(values) + 1))
        assert np.allclose([e.value for e in events], values, rtol=1e-6)  # float32 in the event
    summary = _accumulator(result.run_dir / "tensorboard")
    assert {"plots/confusion_matrix", "plots/misclassified"} <= set(summary.Tags()["images"])
    image = summary.Images("plots/confusion_matrix")[0]
    assert image.encoded_image_string == (result.run_dir / "plots" / "confusion_matrix.png").read_bytes()
    assert "config" in summary.Tags()["tensors"]
    from tensorboard.plugins.hparams import plugin_data_pb2

    data = plugin_data_pb2.HParamsPluginData.FromString(
        scalars.SummaryMetadata("_hparams_/session_start_info").plugin_data.content)
    config = RunDirectory(result.run_dir).read_config()["config"]
    assert {name: data.session_start_info.hparams[name].number_value for name in ("batch_size", "seed")} == \
        {name: config[name] for name in ("batch_size", "seed")}


def test_a_killed_and_resumed_run_ends_with_the_events_of_an_uninterrupted_one(tmp_path):
    import keraslab
    from keraslab.training.run_dir import RunDirectory

    settings = {"epochs": 3, "batch_size": 64}
    straight = keraslab.run("quickstart", runs_dir=tmp_path / "a", quiet=True, **settings)

    killed = run_killed(lambda: keraslab.run("quickstart", runs_dir=tmp_path / "b", quiet=True, **settings),
                        tmp_path / "b" / "quickstart", after=2)
    events = killed / "tensorboard" / "train" / "events.out.tfevents.keraslab"
    logged = RunDirectory(killed).read_history()["loss"]  # what the killed run had logged: events match it
    assert 0 < len(logged) < 3 and [e.value for e in _accumulator(events.parent).Scalars("loss")] == \
        pytest.approx(logged, rel=1e-6)
    keraslab.run(resume=str(killed), quiet=True)
    uninterrupted = straight.run_dir / "tensorboard" / "train" / "events.out.tfevents.keraslab"
    assert _events_without_wall_time(events) == _events_without_wall_time(uninterrupted)
    assert [p.name for p in events.parent.iterdir()] == [events.name]  # no temporary left behind


def test_epochs_appended_one_at_a_time_make_the_files_a_rewrite_makes(tmp_path, monkeypatch):
    from keraslab.training import tensorboard_log
    from keraslab.training.context import RunContext
    from keraslab.training.run_dir import RunDirectory

    run = RunDirectory.create(tmp_path / "runs", "quickstart")
    rewrites = []
    monkeypatch.setattr(run, "write_history", lambda phases, rewrite=run.write_history: rewrites.append(1) or
                        rewrite(phases))
    context = RunContext({"seed": 1}, run, quiet=True)
    with context.phase("warm-up"):
        for epoch in range(3):
            context.log_epoch(loss=1.0 / (epoch + 1))
    with context.phase("main"):  # a column more than the first phase
        for epoch in range(2):
            context.log_epoch(loss=0.1 * epoch, val_loss=0.2 * epoch)
        context.log_epochs({"loss": [0.5, 0.4], "val_loss": [0.6, 0.5]})
        context.log_epoch(loss=0.3, val_loss=0.4)
    assert len(rewrites) == 2  # each phase's first epoch; the other 6 appended, two of them at once
    appended = (run.path / "history.csv").read_text()
    folder = run.path / "tensorboard"
    events = {phase: _events_without_wall_time(folder / phase / tensorboard_log.EVENTS_NAME, phase)
              for phase in ("warm-up", "main")}
    run.write_history(context._phases)
    tensorboard_log.write_scalars(folder, context._phases, context.config)
    assert appended == (run.path / "history.csv").read_text() and len(appended.splitlines()) == 1 + 3 + 5
    assert events == {phase: _events_without_wall_time(folder / phase / tensorboard_log.EVENTS_NAME, phase)
                      for phase in ("warm-up", "main")}


def test_the_command_refuses_runs_without_event_files_in_one_line(tmp_path):
    def tensorboard(*words):
        return subprocess.run([sys.executable, "-m", "keraslab", "tensorboard", *words, "--runs-dir", str(tmp_path)],
                              check=False, capture_output=True, text=True, cwd=REPO, timeout=120)

    nothing = tensorboard()
    assert nothing.returncode == 2 and nothing.stderr.count("\n") == 1 and "any run" in nothing.stderr
    old = tmp_path / "quickstart" / "20250101-000000-abcdef"
    old.mkdir(parents=True)
    (old / "config.yaml").write_text("seed: 1\n")
    named = tensorboard(str(old))
    assert named.returncode == 2 and named.stderr.count("\n") == 1 and "no TensorBoard event files" in named.stderr
    misspelt = tensorboard("quickstrat")
    assert misspelt.returncode == 2 and "'quickstrat'" in misspelt.stderr


def test_the_command_names_each_run_by_preset_and_id(tmp_path):
    from keraslab.commands.tensorboard import logdir_spec

    run = tmp_path / "mnist-dense" / "20250101-000000-abcdef"
    (run / "tensorboard" / "train").mkdir(parents=True)
    (run / "config.yaml").write_text("seed: 1\n")
    (run / "tensorboard" / "train" / "events.out.tfevents.keraslab").write_bytes(b"")
    spec = logdir_spec([], tmp_path)
    assert spec == f"mnist-dense/20250101-000000-abcdef:{(run / 'tensorboard').resolve()}"
    assert logdir_spec(["mnist-dense"], tmp_path) == logdir_spec([str(run)], tmp_path) == spec


def test_without_the_tensorboard_package_a_run_says_so_once_and_writes_none(tmp_path, monkeypatch, capsys):
    import keraslab
    from keraslab.training import tensorboard_log

    monkeypatch.setattr(tensorboard_log, "available", lambda: False)
    result = keraslab.run("quickstart", runs_dir=tmp_path, epochs=2, batch_size=64)
    said = [line for line in capsys.readouterr().out.splitlines() if "TensorBoard" in line]
    assert len(said) == 1 and "pip install 'keraslab[tensorboard]'" in said[0]
    assert not (result.run_dir / "tensorboard").exists() and (result.run_dir / "history.csv").is_file()


def test_the_command_without_the_package_names_the_extra(tmp_path, monkeypatch):
    import importlib.util

    from keraslab.commands.tensorboard import logdir_spec
    from keraslab.errors import KeraslabError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "tensorboard" else real(name, *a))
    with pytest.raises(KeraslabError, match=r"pip install 'keraslab\[tensorboard\]'"):
        logdir_spec([], tmp_path)
