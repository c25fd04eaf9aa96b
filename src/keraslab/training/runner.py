"""Execute a resolved config: seed, run directory, task, metrics, status. Nothing more."""

import importlib
import platform
import time

import numpy as np

from keraslab import backend as backends
from keraslab.errors import KeraslabError, one_line
from keraslab.training.context import RunContext
from keraslab.training.result import RunResult
from keraslab.training.run_dir import RunDirectory


def execute(preset, schema, config, backend=None, runs_dir="runs", smoke=False, quiet=False, resume_dir=None):
    """Run `config` (already validated) and return a RunResult."""
    chosen = backends.choose_backend(backend, preset.task)
    backends.activate(chosen)
    if resume_dir is not None:
        run_dir = RunDirectory.existing(resume_dir)
    else:
        run_dir = RunDirectory.create(runs_dir, preset.name)
        run_dir.write_config(config, {"preset": preset.name, "backend": chosen, "smoke": smoke})
    run_dir.write_status("running")
    context = RunContext(config, run_dir, smoke=smoke, quiet=quiet, resume=resume_dir is not None)
    started = time.perf_counter()
    try:
        from keraslab.training.seed import seed_everything

        seed_everything(config["seed"])
        task = importlib.import_module(schema.module)
        metrics = task.run(config, context)
    except KeraslabError as error:
        run_dir.write_status("failed", one_line(error))
        raise
    except KeyboardInterrupt:
        run_dir.write_status("failed", f"interrupted; continue with: keraslab run --resume {run_dir.path}")
        raise
    except Exception as error:
        run_dir.write_status("failed", f"{type(error).__name__}: {one_line(error)}")
        raise
    metrics = {name: _plain(value) for name, value in metrics.items()}
    unmet = [] if smoke or config_changed(preset, config) else preset.unmet_targets(metrics)
    record = {**metrics, **{k: _plain(v) for k, v in context.info.items()},
              "wall_seconds": time.perf_counter() - started, "backend": chosen,
              "versions": backends.versions(chosen), "device": backends.device_description(chosen),
              "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
              "preset": preset.name, "smoke": smoke}
    if preset.expect and not smoke:
        record["targets_unmet"] = unmet
    run_dir.write_metrics(record)
    run_dir.write_status("complete")
    return RunResult(run_dir.path, "complete", metrics, context.history, context.model)


def config_changed(preset, config):
    """Targets belong to the preset as shipped; a run with other data says nothing about them."""
    return "data" in preset.config and config.get("data") != preset.config["data"]


def _plain(value):
    """NumPy scalars as Python numbers, so metrics.json holds plain JSON."""
    return value.item() if isinstance(value, np.generic) else value
