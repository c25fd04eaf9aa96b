"""One phase of training with Keras's `fit`, resumable at every epoch.

Keras owns the steps and the callbacks: EarlyStopping, ReduceLROnPlateau, the progress bar. This
file adds what resuming exactly needs and Keras does not save:

- `fit` is called one epoch at a time, with the shuffle order a function of (seed, epoch), so a
  resumed run sees the same batches in the same order. (One `fit` over all epochs shuffles with the
  backend's own generator, whose position cannot be saved or restored.) The compiled train
  function is reused across the calls; what Keras sets up again per call costs about 1-2 ms of
  CPU per epoch (concrete-regression's model on JAX, 100 fits of one epoch against one of 100).
- `carried_state` hands the Keras callbacks' counters (wait, best, cooldown) from one `fit` call to
  the next, and through a checkpoint to a resumed process; Keras resets them in `on_train_begin`.
- After an epoch a checkpoint holds the weights, optimizer slots, every random generator, that
  state and the best weights so far (kept in memory between checkpoints, best_weights.py). Writing
  one costs about as much as a whole epoch of a small tabular model, so epochs are checkpointed
  when the time trained since the last checkpoint is at least `CHECKPOINT_COST_RATIO` times what
  that checkpoint took to write (checkpointing then costs at most ~5% of training), and always the
  first and last epoch a process runs and an early stop. Resume stays exact: it restarts from the
  newest checkpoint, and the epochs after it are replayed with the same data order and random
  generators. On resume the random generators are put back at the start of training, after the
  first `fit` has built what it builds (building can draw random numbers, which the uninterrupted
  run drew before its checkpoint).
"""

import time
import warnings

import numpy as np

from keraslab.training.best_weights import BestWeights

# Train at least this many times as long as the last checkpoint took to write before writing another.
CHECKPOINT_COST_RATIO = 20

# Attributes of Keras's callbacks that decide what they do next; Keras resets them per fit call.
_CARRIED = {"EarlyStopping": ("wait", "best", "best_epoch", "stopped_epoch"),
            "ReduceLROnPlateau": ("wait", "best", "cooldown_counter"),
            # A task's best-only ModelCheckpoint: without its best, a resumed run would save its first epoch.
            "ModelCheckpoint": ("best",)}


class EpochLoop:
    """Settings of one phase; `run` trains a compiled model in place and returns (history, info)."""

    def __init__(self, epochs, batch_size, seed, checkpoints, monitor="val_loss", mode="min",
                 early_stopping_patience=0, reduce_lr_patience=0, reduce_lr_factor=0.5, min_learning_rate=1e-6,
                 verbose=1, callbacks=(), on_epoch_end=None):
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

    def run(self, model, x, y, validation_data=None, class_weight=None):
        import keras

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
        first_epoch, checkpoint_seconds, since_checkpoint, written = state["epoch"], 0.0, 0.0, 0
        for epoch in range(state["epoch"], self.epochs):
            if state["stopped_early"]:
                break
            order = np.random.default_rng([self.seed, epoch]).permutation(count)
            started = time.perf_counter()
            with warnings.catch_warnings():
                # Keras warns "input ran out of data" when an epoch's iterator ends; here that is the plan.
                warnings.filterwarnings("ignore", message="Your input ran out of data")
                logs = model.fit(_take(x, order), _take(y, order), batch_size=self.batch_size, epochs=epoch + 1,
                                 initial_epoch=epoch, shuffle=False, validation_data=validation_data,
                                 class_weight=class_weight, verbose=self.verbose,
                                 callbacks=self.callbacks + keras_callbacks + [carried] + self._progress()).history
            state["epoch_seconds"].append(time.perf_counter() - started)
            state["train_seconds"] += state["epoch_seconds"][-1]
            since_checkpoint += state["epoch_seconds"][-1]
            for name, values in logs.items():
                state["history"].setdefault(name, []).append(float(values[-1]))
            value = state["history"][monitor][-1]
            if _better(value, state["best"], self.mode):
                state.update(best=value, best_epoch=epoch + 1)
                best_weights.keep(model)
            state["stopped_early"] = bool(model.stop_training)
            state["callbacks"] = carried.saved
            state["epoch"] = epoch + 1
            if (epoch == first_epoch or epoch + 1 == self.epochs or state["stopped_early"]
                    or since_checkpoint >= CHECKPOINT_COST_RATIO * checkpoint_seconds):
                tick = time.perf_counter()
                self.checkpoints.save(epoch + 1, state, model, arrays=best_weights.to_arrays())
                checkpoint_seconds, since_checkpoint = time.perf_counter() - tick, 0.0
                written += 1
            if self.on_epoch_end is not None:
                self.on_epoch_end(state["history"])
        # A finished phase skipped on resume still hands on its random generators as they ended.
        self.checkpoints.apply_pending_random(model)
        if not best_weights.restore(model):
            self.checkpoints.restore_best(model)  # a checkpoint written before best weights went inside it
        info = {"epochs_run": state["epoch"], "best_epoch": state["best_epoch"], "monitor": monitor,
                "best_monitor": state["best"], "train_seconds": state["train_seconds"],
                "stopped_early": state["stopped_early"], "checkpoints_written": written,
                "samples_per_second": _steady_throughput(count, state["epoch_seconds"])}
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


def _better(value, best, mode):
    return best is None or (value < best if mode == "min" else value > best)


def _build(model, x):
    """Weights and optimizer slots must exist before a checkpoint can be loaded into them."""
    if not model.built:
        model(_take(x, np.arange(1)), training=False)
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


def _take(data, order):
    if isinstance(data, dict):
        return {key: value[order] for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return type(data)(value[order] for value in data)
    return data[order]
