"""A process allowed fewer CPUs than the machine has hands TensorFlow thread pools of that size, through the
variables TensorFlow's runtime reads when it starts (backend._size_tensorflow_pools_to_allowed_cpus says why)."""

import os
import subprocess
import sys

import pytest

PROBE = ("import os; from keraslab.backend import activate; activate('tensorflow'); "
         "print(os.environ.get('TF_NUM_INTEROP_THREADS'), os.environ.get('TF_NUM_INTRAOP_THREADS'))")

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2
                                or len(os.sched_getaffinity(0)) < (os.cpu_count() or 1),
                                reason="needs every CPU of the machine, two or more, to pin to one")


def pools(env, one_cpu):
    from keraslab.backend import installed_backends

    if "tensorflow" not in installed_backends():
        pytest.skip("needs TensorFlow")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TF_NUM_")}
    first = min(os.sched_getaffinity(0))
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
                          env={**environ, **env}, check=True,
                          preexec_fn=(lambda: os.sched_setaffinity(0, {first})) if one_cpu else None)
    return done.stdout.split()[-2:]


def test_pinned_to_one_cpu_tensorflow_gets_one_thread_per_pool():
    assert pools({}, one_cpu=True) == ["1", "1"]


def test_unpinned_tensorflow_keeps_its_defaults_and_a_users_setting_wins():
    assert pools({}, one_cpu=False) == ["None", "None"]
    assert pools({"TF_NUM_INTEROP_THREADS": "3"}, one_cpu=True) == ["3", "1"]
