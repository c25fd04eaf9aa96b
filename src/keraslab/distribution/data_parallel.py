"""`--distribute data-parallel`: every device holds the whole model and takes an equal slice of each
batch; gradients are averaged across devices (keras.distribution.DataParallel).

Keras's distribution API runs on JAX only, so other backends are refused in one line, as is a global
batch the devices cannot split evenly. One process, every device it sees (several GPUs, or CPU devices
made with XLA_FLAGS=--xla_force_host_platform_device_count=N). Several processes (machines) are not
supported yet: each would have to feed only its own shard of every batch (docs/tuning.md).
"""

from keraslab.errors import ConfigError

MODES = ("data-parallel",)


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


def activate(mode, config):
    """Spread each batch over every device; return facts for metrics.json."""
    if mode is None:
        _forget_distribution()
        return {}
    import keras

    devices = keras.distribution.list_devices()
    batch = config["batch_size"]
    if batch % len(devices):
        fitted = (batch // len(devices) + 1) * len(devices)
        raise ConfigError(f"--distribute {mode} splits each batch over {len(devices)} devices, but batch_size "
                          f"{batch} is not divisible by {len(devices)}. Use --set batch_size={fitted}.")
    keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))
    return {"distribution": {"mode": mode, "devices": len(devices), "per_device_batch": batch // len(devices)}}


def _forget_distribution():
    """A run without --distribute after one with it, in one process, trains on one device again."""
    import sys

    if "keras" in sys.modules:
        from keras import distribution

        if distribution.distribution() is not None:
            distribution.set_distribution(None)
