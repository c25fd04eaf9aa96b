"""Execute a resolved config: seed, run directory, task, metrics, status. Nothing more."""

import contextlib
import importlib
import platform
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from keraslab import backend as backends
from keraslab.errors import KeraslabError, one_line
from keraslab.training.context import RunContext, TaskFinished
from keraslab.training.result import RunResult
from keraslab.training.run_dir import RunDirectory
from keraslab.training.stop_signal import sigterm_as_interrupt


def execute(preset, schema, config, backend=None, runs_dir="runs", smoke=False, quiet=False, resume_dir=None,
            run_name=None, context_class=RunContext, callbacks=(), on_start=None, distribute=None, processes=None):
    """Run `config` (already validated) and return a RunResult. `run_name` (default: the preset's) names the
    folder under runs_dir; `context_class` makes the task's context (lr-find's range test is one).
    `callbacks` join every fit of the run; `on_start(run_dir)` is told the run's folder once it exists (a
    tuning trial records it). `distribute`: "data-parallel" or None, `processes`: the ProcessGroup this
    process trains in, or None (keraslab.distribution)."""
    with _run_folder_of_this_process(processes) as scratch:
        return _execute(preset, schema, config, backend, runs_dir, smoke, quiet, resume_dir, run_name,
                        context_class, callbacks, on_start, distribute, processes, scratch)


@contextlib.contextmanager
def _run_folder_of_this_process(processes):
    """None for the process that writes the run (the only one, or process 0 of several). Every other
    process of a group trains the same model and computes the same results, so it writes into a scratch
    folder removed at the end: one run folder for `keraslab runs`, and no two processes writing one file."""
    if processes is None or processes.writes:
        yield None
        return
    scratch = Path(tempfile.mkdtemp(prefix=f"keraslab-process-{processes.process_id}-"))
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _execute(preset, schema, config, backend, runs_dir, smoke, quiet, resume_dir, run_name, context_class,
             callbacks, on_start, distribute, processes, scratch):
    from keraslab.distribution import data_parallel

    chosen = backends.choose_backend(backend, preset.task)
    mode = distribute
    data_parallel.check_request(mode, chosen, config, processes)
    backends.activate(chosen)
    parallel = data_parallel.activate(mode, config, processes)
    resumed = resume_dir is not None
    runs_root = Path(resume_dir).parent.parent if resumed else runs_dir  # where `weights: run:PRESET` looks
    if scratch is not None and resumed:
        # The checkpoints process 0 reads, read from a copy: this process must not write into the run.
        resume_dir = shutil.copytree(resume_dir, scratch / "run")
    elif scratch is not None:
        runs_dir = scratch
    if resume_dir is not None:
        run_dir = RunDirectory.existing(resume_dir)
    else:
        run_dir = RunDirectory.create(runs_dir, run_name or preset.name)
        run_dir.write_config(config, {"preset": preset.name, "backend": chosen, "smoke": smoke,
                                      **({"distribute": mode} if mode else {})})
    run_dir.write_status("running")
    if on_start is not None:
        on_start(run_dir)
    context = context_class(config, run_dir, smoke=smoke, quiet=quiet or scratch is not None,
                            runs_root=runs_root, callbacks=callbacks, data_parallel=parallel)
    started = time.perf_counter()
    resume_hint = f"continue with: keraslab run --resume {run_dir.path}"
    try:
        with sigterm_as_interrupt():
            from keraslab.training import precision
            from keraslab.training.seed import seed_everything

            seed_everything(config["seed"], jit_compile=config.get("jit_compile", False))
            task = importlib.import_module(schema.module)
            with precision.applied(config.get("precision"), backends.device_description(chosen), context.say):
                try:
                    metrics = task.run(config, context)
                except TaskFinished as finished:  # the context ended the task with its own result
                    metrics = finished.metrics
            context.finish()
    except KeraslabError as error:
        run_dir.write_status("failed", one_line(error))
        raise
    except KeyboardInterrupt:
        run_dir.write_status("interrupted", resume_hint)
        raise KeyboardInterrupt(resume_hint) from None
    except Exception as error:
        run_dir.write_status("failed", f"{type(error).__name__}: {one_line(error)}; {resume_hint}")
        raise
    metrics, clocked = split_clocked(metrics)
    diverged = [name for name, value in metrics.items() if name.endswith(("loss", "mse", "mae"))
                and isinstance(value, float) and not np.isfinite(value)]
    if diverged:  # a NaN or infinite error is nonsense, never a complete run
        reason = (f"Training diverged: {diverged[0]} is {metrics[diverged[0]]}. Lower learning_rate, or check "
                  "the data for extreme values.")
        run_dir.write_status("failed", reason)
        raise KeraslabError(reason)
    unmet = [] if smoke or config_changed(preset, config) else preset.unmet_targets(metrics)
    facts = {**{k: _plain(v) for k, v in {**context.info, **clocked}.items()},
             "wall_seconds": time.perf_counter() - started,
             # CPU of every thread since the process began, imports included: beside a wall time it tells a
             # busy run from one that waited (on a shared machine, or on itself).
             "process_cpu_seconds": time.process_time(), "backend": chosen,
             "versions": backends.versions(chosen), "device": backends.device_description(chosen),
             "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
             "preset": preset.name, "smoke": smoke, "resumed": resumed,
             **(parallel.facts(config) if parallel else {})}
    if preset.expect and not smoke:
        facts["targets_unmet"] = unmet
    run_dir.write_results(metrics, facts)
    run_dir.write_status("complete")
    # Another process than the writer has no run folder to point at (its scratch folder goes now).
    return RunResult(run_dir.path if scratch is None else None, "complete", metrics, context.history,
                     context.model, facts)


def split_clocked(values):
    """(metrics, facts): a figure read off the clock (seconds, per second) depends on the machine and its
    load, so it is a fact, kept out of the metrics that a repeated or resumed run must reproduce."""
    metrics, facts = {}, {}
    for name, value in values.items():
        clocked = "seconds" in name or name.endswith(("_per_second", "gflops"))
        (facts if clocked else metrics)[name] = _plain(value)
    return metrics, facts


def config_changed(preset, config):
    """Targets belong to the preset as shipped; a run with other data says nothing about them."""
    return "data" in preset.config and config.get("data") != preset.config["data"]


def _plain(value):
    """NumPy scalars as Python numbers, so metrics.json holds plain JSON."""
    return value.item() if isinstance(value, np.generic) else value
