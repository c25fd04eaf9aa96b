"""Shared by the benchmark scripts: run a preset in a fresh process on one backend, read its result."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_preset(preset, backend, overrides=(), timeout=3600):
    """Run `keraslab run` in a new process (Keras picks its backend once per process)."""
    runs = tempfile.mkdtemp(prefix="bench_runs_")
    command = [sys.executable, "-m", "keraslab", "run", preset, "--backend", backend, "--runs-dir", runs,
               "--json", *sum((["--set", o] for o in overrides), [])]
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=_env(backend))
    wall = time.perf_counter() - started
    if process.returncode != 0:
        return {"error": process.stderr.strip().splitlines()[-1] if process.stderr.strip() else "failed",
                "wall_seconds": wall}
    result = json.loads(process.stdout.strip().splitlines()[-1])
    return {**read_run(result["run_dir"]), "run_dir": result["run_dir"], "process_seconds": wall}


def read_run(run_dir):
    """A run's metrics and facts in one flat dict, through the run directory's reader."""
    from keraslab.training.run_dir import RunDirectory

    run = RunDirectory(run_dir)
    return {**run.facts(), **run.metrics()}


def run_script(path, args, backend, timeout=3600):
    started = time.perf_counter()
    process = subprocess.run([sys.executable, str(path), *map(str, args)], capture_output=True, text=True,
                             timeout=timeout, env=_env(backend), cwd=Path(path).parent)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        return {"error": process.stderr.strip()[-300:], "process_seconds": wall}
    return {**json.loads(process.stdout.strip().splitlines()[-1]), "process_seconds": wall}


def _env(backend):
    return {**os.environ, "KERAS_BACKEND": backend, "TF_ENABLE_ONEDNN_OPTS": "1", "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO / "benchmarks" / "reference"),
                                           os.environ.get("PYTHONPATH", "")])}


def mirror():
    return Path(os.environ.get("KERASLAB_MIRROR", REPO.parent / "shared" / "data"))
