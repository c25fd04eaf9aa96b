"""The epoch loop around Keras' `fit`: reproducible shuffling, best weights, early stopping,
learning-rate reduction on plateau, and a checkpoint after every epoch so a run can resume.

Keras owns the steps; this loop calls `fit` one epoch at a time because resuming must give the
same result as never stopping, and that needs the shuffle order to be a function of (seed, epoch)
and every piece of loop state to be saved with the weights. The compiled train function is
reused across the calls.
"""

import time
import warnings

import numpy as np

from keraslab.training.checkpoints import load_checkpoint, save_checkpoint


class EpochLoop:
    """Settings of the loop; `run` trains a compiled model and returns its history."""

    def __init__(self, epochs, batch_size, seed, checkpoint_folder, monitor="val_loss", mode="min",
                 early_stopping_patience=0, reduce_lr_patience=0, reduce_lr_factor=0.5, min_learning_rate=1e-6,
                 verbose=1, callbacks=()):
        self.epochs = epochs
        self.batch_size = batch_size
        self.seed = seed
        self.checkpoint_folder = checkpoint_folder
        self.monitor = monitor
        self.mode = mode
        self.early_stopping_patience = early_stopping_patience
        self.reduce_lr_patience = reduce_lr_patience
        self.reduce_lr_factor = reduce_lr_factor
        self.min_learning_rate = min_learning_rate
        self.verbose = verbose
        self.callbacks = list(callbacks)

    def _better(self, value, best):
        return best is None or (value < best if self.mode == "min" else value > best)

    def run(self, model, x, y, validation_data=None, resume=False, class_weight=None):
        """Train; return (model, history, info). `model` may be replaced by the resumed one."""
        state = {"epoch": 0, "history": {}, "best": None, "best_epoch": None, "wait": 0, "lr_wait": 0,
                 "train_seconds": 0.0, "epoch_seconds": [], "stopped_early": False}
        if resume:
            resumed, saved = load_checkpoint(self.checkpoint_folder)
            if resumed is not None:
                model, state = resumed, saved
        monitor = self.monitor if validation_data is not None else self.monitor.removeprefix("val_")
        best_path = self.checkpoint_folder / "best.weights.h5"
        count = len(_first(x))
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
                                 callbacks=self.callbacks + self._progress()).history
            state["epoch_seconds"].append(time.perf_counter() - started)
            state["train_seconds"] += state["epoch_seconds"][-1]
            for name, values in logs.items():
                state["history"].setdefault(name, []).append(float(values[-1]))
            value = state["history"][monitor][-1]
            if self._better(value, state["best"]):
                state.update(best=value, best_epoch=epoch + 1, wait=0, lr_wait=0)
                model.save_weights(best_path)
            else:
                state["wait"] += 1
                state["lr_wait"] += 1
                self._maybe_reduce_learning_rate(model, state)
                if self.early_stopping_patience and state["wait"] >= self.early_stopping_patience:
                    state["stopped_early"] = True
            state["epoch"] = epoch + 1
            save_checkpoint(self.checkpoint_folder, epoch + 1, model, state)
        if best_path.exists():
            model.load_weights(best_path)
        info = {"epochs_run": state["epoch"], "best_epoch": state["best_epoch"], "monitor": monitor,
                "best_monitor": state["best"], "train_seconds": state["train_seconds"],
                "stopped_early": state["stopped_early"],
                "samples_per_second": _steady_throughput(count, state["epoch_seconds"])}
        return model, state["history"], info

    def _progress(self):
        """Keras' progress bar, told the whole run's epoch count (each fit call sees only one epoch)."""
        if not self.verbose:
            return []
        import keras

        total = self.epochs

        class WholeRunProgbar(keras.callbacks.ProgbarLogger):
            def set_params(self, params):
                super().set_params({**params, "epochs": total})

        return [WholeRunProgbar()]

    def _maybe_reduce_learning_rate(self, model, state):
        if not self.reduce_lr_patience or state["lr_wait"] < self.reduce_lr_patience:
            return
        optimizer = model.optimizer
        current = float(np.asarray(optimizer.learning_rate))
        optimizer.learning_rate = max(current * self.reduce_lr_factor, self.min_learning_rate)
        state["lr_wait"] = 0


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
