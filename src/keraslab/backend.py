"""Choosing and activating the Keras backend: it must happen before Keras is first imported."""

import importlib.util
import logging
import os
import sys
from importlib import resources

import yaml

from keraslab.errors import ConfigError, did_you_mean

BACKENDS = ("tensorflow", "jax", "torch")


def installed_backends():
    return [name for name in BACKENDS if importlib.util.find_spec(name) is not None]


def speed_table():
    """Measured samples/s per task and backend (`keraslab bench backends` regenerates it)."""
    text = (resources.files("keraslab") / "backends.yaml").read_text()
    return (yaml.safe_load(text) or {}).get("tasks", {})


def fastest_backend(task):
    installed = installed_backends()
    if not installed:
        raise ConfigError("No Keras backend is installed. Install one: pip install 'keraslab[tensorflow]' "
                          "(or [jax], [torch]).")
    speeds = speed_table().get(task, {})
    measured = [name for name in installed if name in speeds]
    if measured:
        return max(measured, key=lambda name: speeds[name])
    return "tensorflow" if "tensorflow" in installed else installed[0]


def choose_backend(requested, task):
    """The backend to use: explicit choice, else $KERAS_BACKEND, else the fastest measured for `task`."""
    requested = requested or os.environ.get("KERAS_BACKEND") or "auto"
    if requested == "auto":
        return fastest_backend(task)
    if requested not in BACKENDS:
        raise ConfigError(f"Unknown backend '{requested}'." + (did_you_mean(requested, BACKENDS + ("auto",))
                          or " Choose tensorflow, jax, torch or auto."))
    if requested not in installed_backends():
        raise ConfigError(f"Backend '{requested}' is not installed. Install it with pip install "
                          f"'keraslab[{requested}]', or choose one of: {', '.join(installed_backends())}.")
    return requested


def activate(backend):
    """Point Keras at `backend` and import it; refuse if Keras is already running on another one."""
    # oneDNN kernels make TensorFlow about 1.5x faster and far steadier on CPUs (DESIGN.md); they must be
    # switched on before TensorFlow is imported. The log level silences TensorFlow's later chatter.
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    _size_tensorflow_pools_to_allowed_cpus()
    if backend not in BACKENDS:  # e.g. a damaged run folder's config.yaml
        raise ConfigError(f"Unknown backend '{backend}'; keraslab runs on {', '.join(BACKENDS)}. If it comes "
                          "from a run folder's config.yaml, the folder is damaged.")
    if "keras" in sys.modules:
        import keras

        current = keras.backend.backend()
        if current != backend:
            raise ConfigError(f"Keras is already running on '{current}' in this process, so backend "
                              f"'{backend}' cannot be used. Start a new process with KERAS_BACKEND={backend}.")
        return
    if backend not in installed_backends():
        raise ConfigError(f"Backend '{backend}' is not installed. Install it with pip install "
                          f"'keraslab[{backend}]', or choose one of: {', '.join(installed_backends())}.")
    os.environ["KERAS_BACKEND"] = backend
    import_quietly("keras")
    # Keras imports TensorFlow under every backend when it is installed (set_random_seed, tf.data),
    # so it is imported here too, while stderr is silenced, rather than noisily later.
    if backend != "tensorflow" and "tensorflow" in installed_backends():
        import_quietly("tensorflow")
    # TensorFlow's Python logger warns about retracing and the like at WARNING level, in the middle
    # of keraslab's own output; errors still show.
    logging.getLogger("tensorflow").setLevel(logging.ERROR)


def _size_tensorflow_pools_to_allowed_cpus():
    """A process allowed fewer CPUs than the machine has (taskset, a container's cpuset) gets TensorFlow thread
    pools of that size, unless the user set them. With its own defaults TensorFlow starts many more threads than
    it may run at once (17 `tf_Compute` threads on one pinned core), and they hand work to one another: pinned to
    core 0 while core 1 ran a busy loop, shakespeare-transformer (XLA, 380k tokens) left core 0 idle 40 s of its
    90.7 s for 50.1 CPU s; with one thread per pool it took 50.1 s, with the same loss to the last digit
    (2026-12-02, docs/benchmarks/peers.md). Set before TensorFlow is imported, which reads these once."""
    if not hasattr(os, "sched_getaffinity"):
        return
    allowed = len(os.sched_getaffinity(0))
    if allowed < (os.cpu_count() or allowed):
        for name in ("TF_NUM_INTEROP_THREADS", "TF_NUM_INTRAOP_THREADS"):
            os.environ.setdefault(name, str(allowed))


def import_quietly(module):
    """Import `module` with the process's stderr (file descriptor 2) silenced.

    TensorFlow's C++ start-up lines (oneDNN, CUDA stubs, absl's "before InitializeLog" warning) are
    written before any log level applies, so only silencing the descriptor keeps them off the screen;
    an error raised by the import still surfaces once stderr is back.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real descriptor 2 (embedded, closed): nothing to silence
        return importlib.import_module(module)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        return importlib.import_module(module)
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def versions(backend):
    """Versions of Keras and the backend, for metrics.json."""
    import keras

    module = importlib.import_module(backend)
    return {"keras": keras.__version__, backend: getattr(module, "__version__", "?"),
            "python": sys.version.split()[0]}


def device_description(backend):
    if backend == "jax":
        import jax

        return ", ".join(str(d) for d in jax.devices())
    if backend == "torch":
        import torch

        return f"cuda:{torch.cuda.get_device_name(0)}" if torch.cuda.is_available() else "cpu"
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    return ", ".join(g.name for g in gpus) if gpus else "cpu"
