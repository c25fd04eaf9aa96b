"""The preset contract's smoke processes (tests/helpers/smoke_presets.py, one or more per backend): started
once per test session, as soon as the tests are collected, so they run beside the other tests; read by
whichever pytest process runs the contract tests.

Under pytest-xdist the controller starts them and a worker reads them, and a worker cannot wait on a
process it did not start, so each process writes to files in the session's smoke folder: its JSON rows,
its stderr, and its exit status once it has ended (written by a shell around it, so a crash writes one too).
"""

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from keraslab.backend import installed_backends
from keraslab.config.presets import preset_names

from tests.conftest import REPO

# Smoke runs are start-up and tracing, mostly one thread each: the backends run side by side,
# one thread apiece, rather than one after another fighting over both cores.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
              "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"}

# Smoke processes per backend. JAX compiles every model it meets, which makes its run of all presets
# (three runs each, with the resume check) about twice TensorFlow's: split in two, it does not finish last.
SHARDS = {"jax": 2}

# Writes the exit status beside the output once the command has ended, however it ended.
_WRAPPER = '"$@" > "$SMOKE_OUT" 2> "$SMOKE_ERR"; echo $? > "$SMOKE_STATUS.part" && mv "$SMOKE_STATUS.part" "$SMOKE_STATUS"'


def backend_env(backend, folder):
    """The environment of a process reading or writing the smoke runs in `folder` on `backend`."""
    return {**os.environ, **ONE_THREAD, "KERAS_BACKEND": backend, "PYTHONPATH": str(REPO),
            **(_shared_jax_compilations(folder) if backend == "jax" else {})}


def _shared_jax_compilations(folder):
    """JAX's persistent compilation cache, shared by the JAX processes of one session. A smoke run's killed
    and resumed repeats, and the saved models' loading, compile what its first run compiled (the same
    programs); from the cache they cost about a quarter less CPU (concrete-regression, mnist-cnn and
    mnist-gan with their resume checks: 58 CPU s against 78). Compiled code is the same, so results are.
    Test processes only: on some CPUs JAX rejects its own entries with error lines (jax-ml/jax#38445), which
    the contract does not read but a user would see."""
    if importlib.util.find_spec("filelock") is None:
        return {}  # a size limit needs filelock, and without its lock a process may read another's half-written entry
    return {"JAX_COMPILATION_CACHE_DIR": str(Path(folder) / "jax_compilations"),
            "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",  # on the CPU most compilations take under the 1 s default
            "JAX_COMPILATION_CACHE_MAX_SIZE": str(4 << 30)}  # a limit turns JAX's file lock on


def start(base, names=None):
    """Start the processes for `names` (default: every preset) unless this folder's already are; return them."""
    base = Path(base)
    if (base / "started").exists():
        return []
    names = names or preset_names()
    home = base / "keraslab_home"
    home.mkdir(parents=True, exist_ok=True)
    processes = []
    for backend in installed_backends():
        shards = SHARDS.get(backend, 1)
        for shard in range(shards):
            stem = base / f"{backend}_{shard}"
            runs = base / f"runs_{backend}_{shard}"
            runs.mkdir(parents=True, exist_ok=True)
            files = {"SMOKE_OUT": f"{stem}.jsonl", "SMOKE_ERR": f"{stem}.err", "SMOKE_STATUS": f"{stem}.status"}
            processes.append(subprocess.Popen(
                ["/bin/sh", "-c", _WRAPPER, "smoke", sys.executable, "-m", "tests.helpers.smoke_presets", backend,
                 str(runs), *names[shard::shards], "--resume-check=selected"],
                env={**backend_env(backend, base), "KERASLAB_HOME": str(home), **files}, cwd=REPO,
                start_new_session=True))  # its own process group: stop() ends the shell and Python together
    (base / "started").write_text(json.dumps({"names": names}))
    return processes


def results(base, backend, timeout=3600):
    """({preset: row}, the end of stderr) of `backend`'s processes, once they have all ended."""
    base = Path(base)
    if not (base / "started").exists():  # a session that did not start them (the contract run on its own)
        start(base)
    stems = [base / f"{backend}_{shard}" for shard in range(SHARDS.get(backend, 1))]
    deadline = time.monotonic() + timeout
    while not all(Path(f"{stem}.status").exists() for stem in stems):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{backend}'s smoke processes did not end within {timeout} s")
        time.sleep(1)
    rows, errors = {}, ""
    for stem in stems:
        found = [json.loads(line) for line in Path(f"{stem}.jsonl").read_text().splitlines() if line.startswith("{")]
        rows.update({row["preset"]: row for row in found})
        status = Path(f"{stem}.status").read_text().strip()
        errors += Path(f"{stem}.err").read_text()[-3000:] + ("" if status == "0" else f"\n(exit status {status})")
    return rows, errors[-3000:]


def stop(processes, base):
    """End whatever is still running (a session stopped early) and remove the folder."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    shutil.rmtree(base, ignore_errors=True)


def selected_presets(node_ids):
    """The presets whose contract tests are among `node_ids` (`-k mnist-cnn` runs one preset's smoke runs);
    None (every preset) when no test names one."""
    backends = installed_backends()
    selected = set()
    for node_id in node_ids:
        if not node_id.startswith("tests/test_presets_contract.py::") or "[" not in node_id:
            continue
        parameters = node_id[node_id.index("[") + 1:-1]
        for backend in backends:
            if parameters.endswith(f"-{backend}"):
                selected.add(parameters[:-len(backend) - 1])
    return sorted(selected) or None


def contract_selected(node_ids):
    return any(node_id.startswith("tests/test_presets_contract.py::") for node_id in node_ids)
