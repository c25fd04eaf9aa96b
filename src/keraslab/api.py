"""The Python entry points: `keraslab.run`, `keraslab.load_run`, and what the CLI shares with them."""

from keraslab.config.presets import Preset, load_preset, preset_names
from keraslab.config.render import render
from keraslab.config.resolve import resolve
from keraslab.config.schemas import schema_for
from keraslab.errors import KeraslabError
from keraslab.training.result import RunResult
from keraslab.training.run_dir import RunDirectory


def run(preset=None, *, overrides=(), backend=None, runs_dir="runs", smoke=False, quiet=False, resume=None,
        callbacks=(), on_start=None, distribute=None, coordinator=None, num_processes=None, process_id=None,
        **config):
    """Run a preset (or YAML file) and return a RunResult.

        keraslab.run("concrete-regression", epochs=50).metrics["test_mse"]

    `overrides` are `--set` strings ("epochs=3"); keyword arguments are typed config values.
    `resume` continues an interrupted run directory from its last checkpoint.
    `callbacks` (Keras callbacks) join every fit of the run; `on_start(run_dir)` is called once the run's
    folder exists (keraslab tune uses both for its trials). `distribute="data-parallel"` splits each
    batch over every device (JAX; keraslab.distribution.data_parallel); with `coordinator="HOST:PORT"`,
    `num_processes` and `process_id` (or Keras's KERAS_DISTRIBUTION_* environment variables) over the
    devices of several processes, of which process 0 alone writes the run folder (the others' results
    have run_dir None).
    """
    import os

    from keraslab.distribution.processes import ProcessGroup
    from keraslab.training.runner import execute

    processes = ProcessGroup.requested(distribute, coordinator, num_processes, process_id, os.environ)

    if resume is not None:
        if preset is not None or overrides or config:
            given = preset if preset is not None else ", ".join([*overrides, *config])
            raise KeraslabError(f"--resume continues a run with the config it saved; it cannot also take "
                                f"'{given}'. Drop it, or start a new run with it.")
        return _resume(resume, backend, quiet, distribute, processes)
    chosen_preset, schema, resolved = resolve(preset, overrides, smoke=smoke, **config)
    # The cheap front door: data and folders checked before the backend loads or a run folder exists.
    from keraslab.preflight import check_run

    check_run(schema, resolved, runs_dir)
    return execute(chosen_preset, schema, resolved, backend=backend, runs_dir=runs_dir, smoke=smoke, quiet=quiet,
                   callbacks=callbacks, on_start=on_start, distribute=distribute, processes=processes)


def _resume(run_path, backend, quiet, distribute=None, processes=None):
    from keraslab.training.runner import execute

    run_dir = RunDirectory.existing(run_path)
    if run_dir.read_config().get("kind") == "tune":
        raise KeraslabError(f"{run_dir.path} is a tune run; continue it with: keraslab tune --resume {run_dir.path}")
    # Only the writer (process 0 of several) asks how the run stands: it may already say "running" in
    # process 0's name when another process of the group reads it.
    state = run_dir.state() if processes is None or processes.writes else "interrupted"
    if state == "complete":
        return load_run(run_dir.path)
    if state == "running":
        raise KeraslabError(f"Run {run_dir.path} is still running (process {run_dir.status().get('pid')}); "
                            "wait for it, or stop it first.")
    saved = run_dir.read_config()
    config = saved["config"]
    if not config.get("task") or not saved.get("backend"):
        raise KeraslabError(f"{run_dir.path / 'config.yaml'} names no task or backend: the run folder is damaged "
                            "and cannot be resumed. Start a new run.")
    name = saved.get("preset", "run")
    preset = load_preset(name) if name in preset_names() else Preset(name=name, task=config["task"], config={})
    schema = schema_for(config["task"])
    config = schema.validate({k: v for k, v in config.items() if k != "task"}, f"run {run_dir.path}")
    config["task"] = saved["config"]["task"]
    if backend not in (None, "auto", saved["backend"]):
        raise KeraslabError(f"Run {run_dir.path} was trained on '{saved['backend']}'; resume it on the same "
                            f"backend (drop --backend {backend}).")
    if distribute not in (None, saved.get("distribute")):
        raise KeraslabError(f"Run {run_dir.path} was trained on one device; resume it the same way "
                            "(drop --distribute).")
    distribute = saved.get("distribute")  # the same split of batches as the run began with
    return execute(preset, schema, config, backend=saved["backend"], smoke=saved.get("smoke", False),
                   quiet=quiet, resume_dir=run_dir.path, distribute=distribute, processes=processes)


def load_run(path):
    """A finished (or failed) run directory as a RunResult; the model loads on first use."""
    run_dir = RunDirectory.existing(path)
    saved = run_dir.read_config()
    if saved.get("backend"):
        from keraslab.backend import activate

        activate(saved["backend"])
    return RunResult(run_dir.path, run_dir.state(), run_dir.metrics(), run_dir.read_history(),
                     facts=run_dir.facts())


def show(preset, overrides=(), smoke=False):
    chosen_preset, schema, config = resolve(preset, overrides, smoke=smoke)
    return render(chosen_preset, schema, config)


def list_runs(runs_dir="runs", preset=None):
    """Run directories under `runs_dir`, newest first."""
    return RunDirectory.all_under(runs_dir, preset)
