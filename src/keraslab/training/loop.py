"""One phase of training with Keras's `fit`, resumable at every epoch.

Keras owns the steps and the callbacks: EarlyStopping, ReduceLROnPlateau, the progress bar. This
file adds what resuming exactly needs and Keras does not save:

- Every epoch sees its rows in an order that is a function of (seed, epoch) (epoch_batches.py), so a
  resumed run sees the same batches in the same order. (Keras's `shuffle=True` draws from the
  backend's generator, whose position cannot be saved or restored.) How the order reaches `fit`
  depends on the backend, by what each does fastest (`_ONE_FIT_BACKENDS`):
  - JAX: one `fit` over the phase, fed by a PyDataset. One `fit` per epoch cost JAX about 5 ms of
    setup per call (concrete-regression's 400 epochs: 10.0 s against 8.3 s for one call, same batches).
  - TensorFlow and PyTorch: one `fit` per epoch, fed the epoch's rows as arrays. TensorFlow reads
    arrays through its own tf.data pipeline, a PyDataset through a Python generator: mnist-dense's
    3 epochs took 25-31 s that way against 11-13 s. PyTorch's steps dwarf the per-call setup.
- `carried_state` hands the Keras callbacks' counters (wait, best, cooldown) from one `fit` call to
  the next, and through a checkpoint to a resumed process; Keras resets them in `on_train_begin`.
- After an epoch (epoch_bookkeeping.py) a checkpoint may hold the weights, optimizer slots, every
  random generator, that state and the best weights so far (kept in memory between checkpoints,
  best_weights.py). On resume the random generators are put back at the start of training, after
  `fit` has built what it builds (building can draw random numbers, which the uninterrupted run drew
  before its checkpoint).
"""

import contextlib
import warnings

import numpy as np

from keraslab.training.best_weights import BestWeights
from keraslab.training.epoch_batches import epoch_order, make_epoch_batches, take
from keraslab.training.epoch_bookkeeping import epoch_bookkeeping

# Backends on which a phase is one `fit` call fed by a PyDataset; the others call `fit` once per epoch.
_ONE_FIT_BACKENDS = ("jax",)

# Attributes of Keras's callbacks that decide what they do next; Keras resets them per fit call.
_CARRIED = {"EarlyStopping": ("wait", "best", "best_epoch", "stopped_epoch"),
            "ReduceLROnPlateau": ("wait", "best", "cooldown_counter"),
            # A task's best-only ModelCheckpoint: without its best, a resumed run would save its first epoch.
            "ModelCheckpoint": ("best",)}


class EpochLoop:
    """Settings of one phase; `run` trains a compiled model in place and returns (history, info)."""

    def __init__(self, epochs, batch_size, seed, checkpoints, monitor="val_loss", mode="min",
                 early_stopping_patience=0, reduce_lr_patience=0, reduce_lr_factor=0.5, min_learning_rate=1e-6,
                 verbose=1, callbacks=(), on_epoch_end=None, data_parallel=None):
        self.epochs = epochs
        self.batch_size = batch_size
        self.seed = seed
        self.checkpoints = checkpoints
        self.monitor = monitor
        self.mode = mode
        self.early_stopping_patience = early_stopping_patience
        self.reduce_lr_patience = reduce_lr_patience
        self.reduce_lr_factor = reduce_lr_factor
        self.min_learning_rate = min_learning_rate
        self.verbose = verbose
        self.callbacks = list(callbacks)
        self.on_epoch_end = on_epoch_end
        # keraslab.distribution.data_parallel.DataParallelTraining under --distribute, else None.
        self.data_parallel = data_parallel

    def run(self, model, x, y, validation_data=None, class_weight=None):
        import keras

        if not model.built or self.data_parallel is not None or self.checkpoints.latest() is not None:
            # Otherwise `fit` builds the optimizer inside its first compiled step: built here eagerly, on
            # JAX, its slots cost concrete-regression about 0.2 s of one-op compilations.
            _build(model, x)
        monitor = self.monitor if validation_data is not None else self.monitor.removeprefix("val_")
        keras_callbacks = []
        if self.early_stopping_patience:
            keras_callbacks.append(keras.callbacks.EarlyStopping(monitor, patience=self.early_stopping_patience,
                                                                 mode=self.mode))
        if self.reduce_lr_patience:
            keras_callbacks.append(keras.callbacks.ReduceLROnPlateau(
                monitor, factor=self.reduce_lr_factor, patience=self.reduce_lr_patience, mode=self.mode,
                min_delta=0, min_lr=self.min_learning_rate, verbose=0))
        state = {"epoch": 0, "history": {}, "best": None, "best_epoch": None, "train_seconds": 0.0,
                 "epoch_seconds": [], "stopped_early": False, "callbacks": {}}
        best_weights = BestWeights()
        restored = self.checkpoints.restore(model, random_now=False)
        if restored is not None:
            state, best_weights = restored[0], BestWeights(restored[1])
        stateful = keras_callbacks + [c for c in self.callbacks if type(c).__name__ in _CARRIED]
        carried = carried_state(stateful, state["callbacks"], self.checkpoints.apply_pending_random)
        count = len(_first(x))
        shares, batch_size, distributed, alone = None, self.batch_size, contextlib.nullcontext(), contextlib.nullcontext
        if self.data_parallel is not None:
            # This process feeds its share of every global batch; the model lives on the mesh meanwhile.
            shares = self.data_parallel.shares(self.batch_size)
            first_row = np.arange(1)
            distributed = self.data_parallel.training(model, (take(x, first_row), take(y, first_row)))
            batch_size, alone = shares.local_batch, self.data_parallel.paused
            validation_count = len(_first(validation_data[0])) if validation_data is not None else 0
            validation_data = _share_of_validation(shares, validation_data)
        one_fit = keras.backend.backend() in _ONE_FIT_BACKENDS
        batches = make_epoch_batches(x, y, batch_size, self.seed, count, shares) if one_fit else None
        bookkeeping = epoch_bookkeeping(state, self.epochs, self.mode, monitor, best_weights, self.checkpoints,
                                        carried, alone, on_epoch_begin=batches.start_epoch if one_fit else None,
                                        on_epoch_end=self.on_epoch_end)
        callbacks = self.callbacks + keras_callbacks + [carried, bookkeeping] + self._progress()
        settings = {"validation_data": validation_data, "validation_batch_size": batch_size,
                    "class_weight": class_weight, "shuffle": False, "verbose": self.verbose, "callbacks": callbacks}

        def unfinished():
            return state["epoch"] < self.epochs and not state["stopped_early"]

        with distributed, warnings.catch_warnings():
            # Keras warns "input ran out of data" when an epoch's iterator ends; here that is the plan.
            warnings.filterwarnings("ignore", message="Your input ran out of data")
            if one_fit and unfinished():
                model.fit(batches, epochs=self.epochs, initial_epoch=state["epoch"], **settings)
            while not one_fit and unfinished():
                order = epoch_order(self.seed, state["epoch"], count, shares)
                model.fit(take(x, order), take(y, order), batch_size=batch_size, epochs=state["epoch"] + 1,
                          initial_epoch=state["epoch"], **settings)
        # A finished phase skipped on resume still hands on its random generators as they ended.
        self.checkpoints.apply_pending_random(model)
        if not best_weights.restore(model):
            self.checkpoints.restore_best(model)  # a checkpoint written before best weights went inside it
        info = {"epochs_run": state["epoch"], "best_epoch": state["best_epoch"], "monitor": monitor,
                "best_monitor": state["best"], "train_seconds": state["train_seconds"],
                "stopped_early": state["stopped_early"], "checkpoints_written": bookkeeping.written,
                "samples_per_second": _steady_throughput(count, state["epoch_seconds"])}
        if shares is not None:
            info["rows_left_out"] = {"train_per_epoch": count - shares.trimmed(count),
                                     "validation": validation_count - shares.trimmed(validation_count)}
        return state["history"], info

    def _progress(self):
        """Keras' progress bar, told the whole phase's epoch count (each fit call sees only one epoch)."""
        if not self.verbose:
            return []
        import keras

        total = self.epochs

        class WholeRunProgbar(keras.callbacks.ProgbarLogger):
            # Keras runs the batch-end hooks of its own progress bar on a worker thread; a progress bar passed
            # in `callbacks` must say it is as safe, or Keras calls it in line and waits for every batch's
            # logs, stalling the backend's asynchronous dispatch (JAX, TensorFlow) once per batch.
            async_safe = True

            def set_params(self, params):
                super().set_params({**params, "epochs": total})

        return [WholeRunProgbar()]


def carried_state(callbacks, saved, on_first_train_begin):
    """A Keras callback that puts the other callbacks' counters back after Keras resets them in
    `on_train_begin`, reads them again after each epoch (`.saved`, JSON-able), and calls
    `on_first_train_begin(model)` once, when training first begins."""
    import keras

    keys = _state_keys(callbacks)

    class CarriedState(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.saved = dict(saved)

        def on_train_begin(self, logs=None):
            on_first_train_begin(self.model)
            for key, callback in zip(keys, callbacks):
                for name, value in self.saved.get(key, {}).items():
                    setattr(callback, name, value)

        def on_epoch_end(self, epoch, logs=None):
            self.saved = {key: {name: _plain(getattr(c, name)) for name in _CARRIED[type(c).__name__]}
                          for key, c in zip(keys, callbacks)}

    return CarriedState()


def _state_keys(callbacks):
    """A name per callback in the saved state: its class name, then NAME-2, NAME-3 for more of one class (a
    best-only ModelCheckpoint beside an every-epoch one must not be handed the other's `best`)."""
    seen, keys = {}, []
    for callback in callbacks:
        name = type(callback).__name__
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return keys


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def _build(model, x):
    """Weights and optimizer slots must exist before a checkpoint can be loaded into them."""
    if not model.built:
        model(take(x, np.arange(1)), training=False)
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and not optimizer.built:
        optimizer.build(model.trainable_variables)


def _steady_throughput(count, epoch_seconds):
    """Training samples/s; the first epoch (tracing, compiling, warming caches) is left out when there are more."""
    steady = epoch_seconds[1:] or epoch_seconds
    return count * len(steady) / max(sum(steady), 1e-9)


def _first(x):
    if isinstance(x, dict):
        return next(iter(x.values()))
    if isinstance(x, (list, tuple)):
        return x[0]
    return x


def _share_of_validation(shares, validation_data):
    """This process's share of every validation batch (Keras validates in batches of the fit's batch_size),
    so the validation metrics are those of all the rows the processes feed together."""
    if validation_data is None:
        return None
    rows = shares.rows(np.arange(len(_first(validation_data[0]))))
    return tuple(take(part, rows) if part is not None else None for part in validation_data)
