"""Data-parallel training across processes: two processes on 127.0.0.1 train like one device with the same
global batch, leave one run folder, and bad process settings are refused in one line before any wait."""

import io
import json
import os
import socket
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest

from keraslab.distribution.batch_shares import BatchShares
from keraslab.distribution.processes import ProcessGroup
from keraslab.errors import ConfigError

# Measured (this test, concrete-regression --smoke with 8 epochs, global batch 32, one process against
# two): test metrics equal to a relative 6.3e-8, every weight and optimizer slot to 2.2e-6 of its array's
# largest magnitude. Only float32 summation order differs (each process sums the gradient of its 16 rows,
# then the two sums are averaged), so the tolerance is that, with room: 1e-5 relative.
RELATIVE_TOLERANCE = 1e-5


def test_every_global_batch_is_split_in_order_between_the_processes():
    order = np.random.default_rng(0).permutation(75)  # 2 full batches of 32 and 11 rows: 10 are fed
    shares = [BatchShares(32, num_devices=2, num_processes=2, process_id=p) for p in (0, 1)]
    rows = [s.rows(order) for s in shares]
    assert shares[0].local_batch == 16 and shares[0].trimmed(75) == 74
    # Global batch k is process 0's k-th local batch, then process 1's: the rows of one-device training.
    for start, size in ((0, 16), (16, 16), (32, 5)):
        joined = np.concatenate([rows[0][start:start + size], rows[1][start:start + size]])
        first = 2 * start
        assert list(joined) == list(order[first:first + 2 * size])
    assert len(rows[0]) == len(rows[1]) == 37


@pytest.mark.parametrize("kwargs, message", [
    ({"process_id": 2, "num_processes": 2, "coordinator": "10.0.0.1:1234"}, "--process-id must be 0 to 1"),
    ({"process_id": 0, "num_processes": 2, "coordinator": "10.0.0.1"}, "must be HOST:PORT"),
    ({"process_id": 0, "num_processes": 2, "coordinator": "10.0.0.1:99999"}, "must be HOST:PORT"),
    ({"num_processes": 2, "coordinator": "10.0.0.1:1234"}, "--process-id is missing"),
])
def test_bad_process_settings_are_refused(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        ProcessGroup.requested("data-parallel", **kwargs)


def test_process_settings_need_distribute_and_come_from_keras_variables_too():
    with pytest.raises(ConfigError, match="--coordinator joins processes .* --distribute is not given"):
        ProcessGroup.requested(None, coordinator="10.0.0.1:1234")
    environ = {"KERAS_DISTRIBUTION_JOB_ADDRESSES": "10.0.0.1:1234,10.0.0.2:2345",
               "KERAS_DISTRIBUTION_NUM_PROCESSES": "2", "KERAS_DISTRIBUTION_PROCESS_ID": "1"}
    assert ProcessGroup.requested("data-parallel", environ=environ) == ProcessGroup("10.0.0.1:1234", 2, 1)
    with pytest.raises(ConfigError, match="KERAS_DISTRIBUTION_NUM_PROCESSES joins processes"):
        ProcessGroup.requested(None, environ={"KERAS_DISTRIBUTION_NUM_PROCESSES": "2"})
    assert ProcessGroup.requested("data-parallel", "h:1", 1, 0) is None  # one process: nothing to join


def test_a_coordinator_nobody_answers_is_one_line_naming_it(monkeypatch):
    import keras

    from keraslab.distribution import processes

    def unreachable(**kwargs):  # what JAX raises when the coordinator never answers (its own timeout is minutes)
        raise RuntimeError("DEADLINE_EXCEEDED: Barrier timed out.\nid: coordinator\n")

    monkeypatch.setattr(keras.distribution, "initialize", unreachable)
    monkeypatch.setattr(processes, "_joined", None)
    group = ProcessGroup.requested("data-parallel", "10.0.0.9:1234", 2, 1)
    with pytest.raises(ConfigError, match=r"Process 1 of 2 could not join the others at --coordinator "
                                          r"10\.0\.0\.9:1234 \(RuntimeError: DEADLINE_EXCEEDED") as refused:
        group.join()
    assert "\n" not in str(refused.value) and processes._joined is None


@pytest.mark.parametrize("extra, message", [
    (["--process-id", "3"], "--process-id must be 0 to 1"),
    (["--process-id", "0", "--set", "batch_size=33"], "batch_size 33 is not divisible by 2. Use --set batch_size=34"),
])
def test_the_command_refuses_in_one_line_before_the_backend_loads(tmp_path, extra, message):
    script = ("import sys; from keraslab.cli import main; code = main(sys.argv[1:]); "
              "print(code, [m for m in ('tensorflow', 'torch', 'jax', 'keras') if m in sys.modules])")
    argv = ["run", "concrete-regression", "--smoke", "--backend", "jax", "--distribute", "data-parallel",
            "--coordinator", "127.0.0.1:1", "--num-processes", "2", "--runs-dir", str(tmp_path), *extra]
    out = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=120)
    assert out.stdout.split()[0] == "2" and out.stdout.strip().endswith("[]")
    assert out.stderr.count("\n") == 1 and message in out.stderr
    assert not any(tmp_path.iterdir())


def test_two_processes_train_like_one_and_leave_one_run(tmp_path):
    port = _free_port()
    common = ["-m", "keraslab", "run", "concrete-regression", "--smoke", "--set", "epochs=8", "--backend", "jax",
              "--json", "--quiet"]
    scratch = tmp_path / "tmp"  # where the second process keeps its scratch run folder
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "KERAS_BACKEND": "jax"}
    started = time.perf_counter()
    commands = [[*common, "--runs-dir", str(tmp_path / "one")]] + [
        [*common, "--runs-dir", str(tmp_path / "two"), "--distribute", "data-parallel",
         "--coordinator", f"127.0.0.1:{port}", "--num-processes", "2", "--process-id", str(i)] for i in (0, 1)]
    processes = [subprocess.Popen([sys.executable, *c], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env) for c in commands]
    try:
        outputs = [p.communicate(timeout=240) for p in processes]
    finally:  # a process that failed leaves the other of its pair waiting at the coordinator
        for process in processes:
            if process.poll() is None:
                process.kill()
    for process, (out, err) in zip(processes, outputs):
        assert process.returncode == 0, err[-2000:]
    one, first, second = (json.loads(out.strip().splitlines()[-1]) for out, _ in outputs)
    print(f"three processes took {time.perf_counter() - started:.1f} s")

    assert second["run_dir"] is None and first["metrics"] == second["metrics"]  # the same model in both
    runs = [p for p in (tmp_path / "two").glob("*/*") if p.is_dir()]
    assert [str(p) for p in runs] == [first["run_dir"]]  # one run folder, process 0's
    assert not any(scratch.iterdir())  # the other process's scratch folder is gone
    facts = json.loads((runs[0] / "metrics.json").read_text())["facts"]
    assert facts["distribution"]["processes"] == 2 and facts["distribution"]["devices"] == 2
    assert facts["rows_left_out"] == {"train_per_epoch": 0, "validation": 0}

    differences = {name: abs(first["metrics"][name] - value) / abs(value) for name, value in one["metrics"].items()}
    weights = max(float(np.max(np.abs(a - b)) / max(np.max(np.abs(a)), 1e-12))
                  for a, b in zip(_weights(one["run_dir"]), _weights(first["run_dir"])))
    print("relative metric differences:", differences, "largest relative weight difference:", weights)
    assert max(differences.values()) <= RELATIVE_TOLERANCE
    assert weights <= RELATIVE_TOLERANCE


def _weights(run_dir):
    """The arrays of a saved model.keras (a zip holding model.weights.h5: the weights and the optimizer's
    slots), in name order, without loading Keras."""
    import h5py

    with zipfile.ZipFile(os.path.join(run_dir, "model.keras")) as archive:
        data = io.BytesIO(archive.read("model.weights.h5"))
    arrays = []
    with h5py.File(data, "r") as weights:
        weights.visititems(lambda name, item: arrays.append((name, item[()])) if isinstance(item, h5py.Dataset)
                           else None)
    return [array for _, array in sorted(arrays, key=lambda pair: pair[0])]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
