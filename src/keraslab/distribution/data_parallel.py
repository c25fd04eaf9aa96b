"""`--distribute data-parallel`: every device holds the whole model and takes an equal slice of each
global batch; gradients are averaged across devices (keras.distribution.DataParallel, JAX only).

One process uses every device it sees (several GPUs, or CPU devices made with
XLA_FLAGS=--xla_force_host_platform_device_count=N). Several processes, on one machine or many, join
through `keras.distribution.initialize` (processes.py: `--coordinator HOST:PORT --num-processes N
--process-id I` or Keras's KERAS_DISTRIBUTION_* variables); each then feeds only its share of every
global batch (batch_shares.py), so the run follows the path of one device with the same batch_size.

The distribution lives only while `context.fit` trains (`DataParallelTraining.training`): the model is
built and checkpoints are loaded on one local device, spread over the mesh for the fit, and brought
back to a plain one-device model afterwards. Whatever a task does next (evaluate, predict, plot,
save) then runs as it does without --distribute, in every process alike: a prediction sharded across
processes could not be fetched with NumPy. Tasks that train outside `context.fit` are refused.

Across processes every process must make the same collective calls in the same order, and under a
distribution even creating a Keras variable is one (`jax.device_put` compares the value on every
process). Training steps and metric-driven callbacks agree by construction; what one process does on
its own (a checkpoint written when its clock says so) runs in `DataParallelTraining.paused`.
Process 0 alone writes the run folder (training/runner.py); resume and a recipe: docs/tuning.md.

Refused in one line before the backend loads: other backends, tasks outside FIT_TASKS, a global
batch the processes cannot split; after the processes join, a batch the devices cannot split.
"""

import contextlib

from keraslab.errors import ConfigError

MODES = ("data-parallel",)

# Tasks whose every training step goes through context.fit on Keras's own train step. The others train in
# loops of their own (DQN, Q-learning, NumPy fundamentals, a scratch loop, KerasTuner's search) or with a
# GAN's per-backend train step, which the distribution would silently not reach.
FIT_TASKS = ("captioning", "custom-layers", "digit-pairs", "distillation", "forecasting", "head-comparison",
             "image-classifier", "image-speedrun", "reconstruction", "seq2seq", "super-resolution", "tabular",
             "text-classification", "text-generation")


def check_request(mode, backend, config, group=None):
    """What can be refused before the backend is imported: the mode, the backend, the task, the batch."""
    if mode is None:
        return
    if mode not in MODES:
        raise ConfigError(f"--distribute '{mode}' is not one of {', '.join(MODES)}.")
    if backend != "jax":
        raise ConfigError(f"--distribute {mode} needs the JAX backend (Keras's distribution API supports only "
                          f"JAX); this run would use '{backend}'. Add --backend jax.")
    task = config.get("task")
    if task not in FIT_TASKS or "batch_size" not in config:
        raise ConfigError(f"--distribute {mode} splits the batches of context.fit, but the {task} task trains "
                          f"outside it. Drop --distribute (tasks it serves: {', '.join(FIT_TASKS)}).")
    processes = group.num_processes if group else 1
    batch = config["batch_size"]
    if batch % processes:
        raise ConfigError(f"--distribute {mode} splits each batch over {processes} processes, but batch_size "
                          f"{batch} is not divisible by {processes}. Use --set batch_size={_fitted(batch, processes)}.")


def activate(mode, config, group=None):
    """Join the processes, if several; return the DataParallelTraining that context.fit uses, or None."""
    _forget_distribution()
    if mode is None:
        return None
    if group is not None:
        group.join()
    import keras

    devices = keras.distribution.list_devices()
    batch = config["batch_size"]
    if batch % len(devices):
        raise ConfigError(f"--distribute {mode} splits each batch over {len(devices)} devices, but batch_size "
                          f"{batch} is not divisible by {len(devices)}. Use --set batch_size="
                          f"{_fitted(batch, len(devices))}.")
    return DataParallelTraining(mode, devices, group)


class DataParallelTraining:
    """The mesh of every device of every process, and which rows of each batch this process feeds."""

    def __init__(self, mode, devices, group=None):
        import keras

        self.mode = mode
        self.devices = devices
        self.group = group
        # auto_shard_dataset=False: keraslab cuts each process's share itself (batch_shares.py).
        self.distribution = keras.distribution.DataParallel(devices=devices, auto_shard_dataset=False)

    def shares(self, global_batch):
        from keraslab.distribution.batch_shares import BatchShares

        group = self.group
        return BatchShares(global_batch, len(self.devices), group.num_processes if group else 1,
                           group.process_id if group else 0)

    @contextlib.contextmanager
    def training(self, model, first_batch):
        """`model` spread over the mesh (replicated) inside, a plain one-device model again afterwards.
        `first_batch` ((x, y) of one row) builds the compiled loss and metrics first, so that their
        variables move with the rest: Keras would build them inside fit, on the mesh, beside local ones."""
        import keras

        model._symbolic_build(data_batch=first_batch)  # what fit does first (a no-op once built); private
        keras.distribution.set_distribution(self.distribution)
        try:
            _place(model, self.distribution)
            yield
        except BaseException:
            keras.distribution.set_distribution(None)  # the run has failed; its model stays where it is
            raise
        _place(model, None)
        keras.distribution.set_distribution(None)

    @contextlib.contextmanager
    def paused(self):
        """Inside `training`: what one process does alone (writing a checkpoint, when its own clock says so).
        Under a distribution every Keras variable made (saving weights makes an optimizer) is placed with
        `jax.device_put`, which across processes compares the value on all of them: a collective that the
        other processes, not saving, would never join."""
        import keras

        keras.distribution.set_distribution(None)
        try:
            yield
        finally:
            keras.distribution.set_distribution(self.distribution)

    def facts(self, config):
        batch = config["batch_size"]
        return {"distribution": {"mode": self.mode, "devices": len(self.devices),
                                 "per_device_batch": batch // len(self.devices),
                                 **(self.group.facts() if self.group else {})}}


def _place(model, distribution):
    """Every variable of `model` (weights, optimizer slots, metrics, random seeds) replicated over the
    distribution's mesh, or (None) on this process's first local device.

    Keras lays a variable out once, when it is created under a distribution; moving a built model onto a
    mesh and back has no public call, so the layout is set here (JaxVariable._layout, which Keras's own
    `_direct_assign` then honours). The compiled train, test and predict functions carry the old
    layouts in their output shardings, so they are dropped and Keras compiles them again."""
    import jax
    import numpy as np

    local = jax.local_devices()[0]
    for variable in _variables(model):
        value = np.asarray(variable.value)  # replicated: every process holds the whole value
        if distribution is None:
            variable._layout = None
            variable._direct_assign(jax.device_put(value, local))
        else:
            variable._layout = distribution.get_variable_layout(variable)
            variable._direct_assign(value)
    model.train_function = model.test_function = model.predict_function = None


def _variables(model):
    found = {}
    optimizer = getattr(model, "optimizer", None)
    groups = [model.variables, model.non_trainable_variables, model.metrics_variables,
              optimizer.variables if optimizer is not None else []]
    for variable in (v for group in groups for v in group):
        found.setdefault(id(variable), variable)
    return list(found.values())


def _fitted(batch, divisor):
    return (batch // divisor + 1) * divisor


def _forget_distribution():
    """A run in a process that ran with --distribute before starts on one device (an earlier keraslab set
    the distribution globally; a failed fit may leave it set)."""
    import sys

    if "keras" in sys.modules:
        from keras import distribution

        if distribution.distribution() is not None:
            distribution.set_distribution(None)
