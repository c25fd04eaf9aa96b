"""`--distribute data-parallel`: every device holds the whole model and takes an equal slice of each
batch; gradients are averaged across devices (keras.distribution.DataParallel).

Keras's distribution API runs on JAX only, so other backends are refused in one line, as is a global
batch the devices cannot split evenly. Across machines, keras.distribution.initialize joins the
processes first; it reads KERAS_DISTRIBUTION_JOB_ADDRESSES (the coordinator's host:port),
KERAS_DISTRIBUTION_NUM_PROCESSES and KERAS_DISTRIBUTION_PROCESS_ID, or the flags of `keraslab run`.
"""

import os

from keraslab.errors import ConfigError

MODES = ("data-parallel",)
_ENVIRONMENT = ("KERAS_DISTRIBUTION_JOB_ADDRESSES", "KERAS_DISTRIBUTION_NUM_PROCESSES",
                "KERAS_DISTRIBUTION_PROCESS_ID")


def check_request(mode, backend, config):
    """What can be refused before the backend is imported: the mode, the backend, a batch size to split."""
    if mode is None:
        return
    if mode not in MODES:
        raise ConfigError(f"--distribute '{mode}' is not one of {', '.join(MODES)}.")
    if backend != "jax":
        raise ConfigError(f"--distribute {mode} needs the JAX backend (Keras's distribution API supports only "
                          f"JAX); this run would use '{backend}'. Add --backend jax.")
    if "batch_size" not in config:
        raise ConfigError(f"--distribute {mode} splits each training batch across devices, but this "
                          f"{config.get('task')} config has no batch_size to split.")


def activate(mode, config, coordinator=None, num_processes=None, process_id=None):
    """Join the processes (when asked), spread each batch over every device; return facts for metrics.json."""
    if mode is None:
        _forget_distribution()
        return {}
    import keras

    joined = coordinator or num_processes or any(os.environ.get(name) for name in _ENVIRONMENT)
    if joined:
        keras.distribution.initialize(job_addresses=coordinator, num_processes=num_processes, process_id=process_id)
    devices = keras.distribution.list_devices()
    batch = config["batch_size"]
    if batch % len(devices):
        fitted = (batch // len(devices) + 1) * len(devices)
        raise ConfigError(f"--distribute {mode} splits each batch over {len(devices)} devices, but batch_size "
                          f"{batch} is not divisible by {len(devices)}. Use --set batch_size={fitted}.")
    keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))
    return {"distribution": {"mode": mode, "devices": len(devices), "per_device_batch": batch // len(devices),
                             "processes": int(num_processes or os.environ.get(_ENVIRONMENT[1]) or 1)}}


def _forget_distribution():
    """A run without --distribute after one with it, in one process, trains on one device again."""
    import sys

    if "keras" in sys.modules:
        from keras import distribution

        if distribution.distribution() is not None:
            distribution.set_distribution(None)
