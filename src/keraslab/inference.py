"""From a run directory to its predictor: the one way anything (the CLI's predict, generate, sample
and play, a server, a notebook) uses a trained run.

    predictor = load_predictor("runs/concrete-regression/20260101-120000-abc123")
    predictor.predict(["mixes.csv"])        # [{"input": "mixes.csv:2", "prediction": 37.1}, ...]

A task module offers a predictor by exporting `load(run_dir)`, found the way the runner finds `run`:
through the `module` of the task's config schema.
"""

import importlib
import sys

from keraslab.errors import KeraslabError
from keraslab.predictors.base import a_run
from keraslab.training.run_dir import RunDirectory

# The verbs that are also commands of the CLI (translate and forecast are reached through predict).
COMMANDS = ("predict", "generate", "sample", "play")


def load_predictor(run_path, verb=None):
    """The predictor of a complete run; with `verb`, refuse one that cannot do it (one line each)."""
    run_dir = RunDirectory.existing(run_path)
    run_dir.require_complete(verb or "predict")
    task = run_dir.task
    load = _task_loader(run_dir, task)
    if run_dir.model_path.is_file():
        _activate_backend(run_dir)
    predictor = load(run_dir)
    if verb is not None and verb not in predictor.verbs:
        command = next(v for v in predictor.verbs if v in COMMANDS)
        raise KeraslabError(f"Run {run_dir.path} is {a_run(task)} (preset {run_dir.preset}); it has "
                            f"{' and '.join(predictor.verbs)}, not {verb}. Try: keraslab {command} {run_dir.path} ...")
    return predictor


def _task_loader(run_dir, task):
    from keraslab.config.schemas import schema_for

    schema = schema_for(task, f"run {run_dir.path}")
    load = getattr(importlib.import_module(schema.module), "load", None)
    if load is None:
        raise KeraslabError(f"Run {run_dir.path} is {a_run(task)} (preset {run_dir.preset}), and that task has no "
                            f"predictor, so it has no predict, generate, sample or play; its results are in "
                            "'keraslab runs' and its plots/ folder.")
    return load


def _activate_backend(run_dir):
    """The backend the run trained on, before Keras loads its model. A .keras file loads on any backend, so
    a process already running Keras keeps its own, and a run from a backend not installed here loads on
    one that is; a backend keraslab does not know means a damaged config.yaml and is refused."""
    from keraslab import backend

    saved = run_dir.read_config().get("backend") or "tensorflow"
    if saved in backend.BACKENDS and ("keras" in sys.modules or saved not in backend.installed_backends()):
        if "keras" not in sys.modules:
            backend.activate(backend.choose_backend(None, run_dir.task))
        return
    backend.activate(saved)
