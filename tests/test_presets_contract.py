"""Every preset runs end to end in --smoke mode on every installed backend."""

import json
import math
import os
import subprocess
import sys

import pytest

from keraslab.backend import installed_backends
from keraslab.config.presets import preset_names

from tests.conftest import REPO

_PROCESSES = {}
_RESULTS = {}
# Smoke runs are start-up and tracing, mostly one thread each: the backends run side by side,
# one thread apiece, rather than one after another fighting over both cores.
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
               "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"}


def _start_all(tmp_path_factory):
    for backend in installed_backends():
        runs = tmp_path_factory.mktemp(f"smoke_{backend}")
        env = {**os.environ, **_ONE_THREAD, "KERAS_BACKEND": backend, "PYTHONPATH": str(REPO)}
        _PROCESSES[backend] = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.smoke_presets", backend, str(runs), *preset_names()],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)


def smoke_results(backend, tmp_path_factory):
    if not _PROCESSES:
        _start_all(tmp_path_factory)
    if backend not in _RESULTS:
        stdout, stderr = _PROCESSES[backend].communicate(timeout=3600)
        rows = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
        _RESULTS[backend] = ({row["preset"]: row for row in rows}, stderr[-3000:])
    return _RESULTS[backend]


@pytest.mark.parametrize("backend", installed_backends())
@pytest.mark.parametrize("preset", preset_names())
def test_preset_smoke_run_completes(preset, backend, tmp_path_factory):
    rows, stderr = smoke_results(backend, tmp_path_factory)
    assert preset in rows, f"{preset} produced no result on {backend}; stderr:\n{stderr}"
    row = rows[preset]
    if "skipped" in row:
        pytest.skip(f"{preset} does not run on {backend}: {row['skipped']}")
    assert "error" not in row, row.get("traceback", row.get("error"))
    assert row["status"] == "complete"
    assert row["metrics"], "a run must report metrics"
    for name, value in row["metrics"].items():
        if isinstance(value, float):
            assert math.isfinite(value), f"{name} = {value}"
    run_dir = REPO / row["run_dir"] if not os.path.isabs(row["run_dir"]) else row["run_dir"]
    status = json.loads(open(os.path.join(run_dir, "status.json")).read())
    assert status["status"] == "complete"
    for artefact in ("config.yaml", "metrics.json"):
        assert os.path.exists(os.path.join(run_dir, artefact)), artefact
