"""--distribute data-parallel: two virtual CPU devices on JAX train like one device with the same global
batch; other backends, tasks that train outside context.fit and batches the devices cannot split are
refused in one line. (Two processes: test_processes.py.)"""

import json
import os
import subprocess
import sys

import pytest

from keraslab.errors import ConfigError

SCRIPT = """
import json, sys
import keraslab
from keraslab.errors import ConfigError
runs = sys.argv[1]
one = keraslab.run("concrete-regression", smoke=True, quiet=True, runs_dir=runs, backend="jax")
two = keraslab.run("concrete-regression", smoke=True, quiet=True, runs_dir=runs, backend="jax",
                   distribute="data-parallel")
odd = keraslab.run("concrete-regression", smoke=True, quiet=True, runs_dir=runs, backend="jax", max_samples=201,
                   distribute="data-parallel")
import keras
from keraslab.distribution.data_parallel import activate
activate(None, {})  # what the next run without --distribute does first
again = keras.distribution.distribution()
try:
    keraslab.run("concrete-regression", smoke=True, quiet=True, runs_dir=runs, backend="jax", batch_size=33,
                 distribute="data-parallel")
    refused = None
except ConfigError as error:
    refused = str(error)
import jax
print(json.dumps({"devices": len(jax.devices()), "one": one.metrics, "two": two.metrics, "again": repr(again),
                  "facts": two.facts.get("distribution"), "weights": [float(abs(a - b).max()) for a, b in
                  zip(one.model.get_weights(), two.model.get_weights())], "refused": refused,
                  "odd": odd.facts["rows_left_out"], "odd_metrics": odd.metrics}))
"""


def test_two_virtual_devices_train_like_one(tmp_path):
    env = {**os.environ, "XLA_FLAGS": "--xla_force_host_platform_device_count=2", "KERAS_BACKEND": "jax"}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["devices"] == 2
    assert report["facts"] == {"mode": "data-parallel", "devices": 2, "per_device_batch": 16}
    # The same global batch, averaged over two halves instead of one whole: equal up to float32 summation order.
    for name, value in report["one"].items():
        assert abs(report["two"][name] - value) <= 1e-4 * abs(value), name
    assert max(report["weights"]) < 1e-3
    assert report["again"] == "None"  # the next run in the process is on one device again
    print("largest differences:", {k: abs(report["two"][k] - v) / abs(v) for k, v in report["one"].items()},
          max(report["weights"]))
    assert "batch_size 33 is not divisible by 2. Use --set batch_size=34" in report["refused"]
    # 201 training rows: the last of each epoch's order is left out so the last batch splits over 2 devices;
    # the model is on one device again after fit, so evaluating the test rows (any count) works.
    assert report["odd"]["train_per_epoch"] == 1 and report["odd_metrics"]["test_mse"] > 0


def test_other_backends_are_refused_in_one_line_before_the_backend_loads(tmp_path):
    script = ("import sys; from keraslab.cli import main; code = main(sys.argv[1:]); "
              "print(code, [m for m in ('tensorflow', 'torch', 'jax', 'keras') if m in sys.modules])")
    argv = ["run", "concrete-regression", "--smoke", "--distribute", "data-parallel", "--backend", "tensorflow",
            "--runs-dir", str(tmp_path)]
    out = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=120)
    assert out.stdout.split()[0] == "2" and out.stdout.strip().endswith("[]")
    assert out.stderr.count("\n") == 1 and "needs the JAX backend" in out.stderr and "--backend jax" in out.stderr
    assert not any(tmp_path.iterdir())


def test_tasks_that_train_outside_fit_are_refused():
    from keraslab.distribution.data_parallel import check_request

    with pytest.raises(ConfigError, match="the dqn task trains outside it. Drop --distribute"):
        check_request("data-parallel", "jax", {"task": "dqn", "batch_size": 32})
