"""What the runner does after every epoch of a phase trained with `fit`, as one Keras callback:

- the epoch's logs join the phase's history, and `on_epoch_end(history)` writes history.csv and TensorBoard;
- an improved monitor keeps the weights in memory (best_weights.py);
- a checkpoint is written when the time trained since the last one reaches `CHECKPOINT_COST_RATIO` times
  what that one took to write (checkpointing then costs at most ~2% of training), and always after the
  first and last epoch a process runs and an early stop. Resume stays exact: it restarts from the newest
  checkpoint and replays the epochs after it with the same data order and random generators.

It must come after every callback whose work it records (Keras's EarlyStopping sets `stop_training`, the
learning-rate logger adds to the logs, `carried_state` reads the counters it saves).
"""

import time

from keraslab.training.stop_signal import raise_if_stopped

# Train at least this many times as long as the last checkpoint took to write before writing another.
# 50 (it was 20): concrete-regression wrote 13 checkpoints in 400 epochs, about 0.2 s of CPU against a plain
# Keras script's none; a killed run replays at most 50 checkpoint-times of training (under a second there).
CHECKPOINT_COST_RATIO = 50


def epoch_bookkeeping(state, epochs, mode, monitor, best_weights, checkpoints, carried, write_alone,
                      on_epoch_begin=None, on_epoch_end=None):
    """A callback updating `state` (epoch, history, best, stopped_early, callbacks, seconds) in place.

    `write_alone()` is a context the checkpoint is written in (data-parallel pauses the distribution);
    `on_epoch_begin(epoch)` runs before the epoch's first batch is read."""
    import keras

    class EpochBookkeeping(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.first_epoch = state["epoch"]
            self.checkpoint_seconds = 0.0
            self.since_checkpoint = 0.0
            self.written = 0
            self.started = None

        def on_epoch_begin(self, epoch, logs=None):
            raise_if_stopped()  # a SIGTERM swallowed during the last epoch stops the run here
            if on_epoch_begin is not None:
                on_epoch_begin(epoch)
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            seconds = time.perf_counter() - self.started
            state["epoch_seconds"].append(seconds)
            state["train_seconds"] += seconds
            self.since_checkpoint += seconds
            for name, value in (logs or {}).items():
                state["history"].setdefault(name, []).append(float(value))
            value = state["history"][monitor][-1]
            if _better(value, state["best"], mode):
                state.update(best=value, best_epoch=epoch + 1)
                best_weights.keep(self.model)
            state["stopped_early"] = bool(self.model.stop_training)
            state["callbacks"] = carried.saved
            state["epoch"] = epoch + 1
            if (epoch == self.first_epoch or epoch + 1 == epochs or state["stopped_early"]
                    or self.since_checkpoint >= CHECKPOINT_COST_RATIO * self.checkpoint_seconds):
                tick = time.perf_counter()
                with write_alone():  # each process decides by its own clock
                    checkpoints.save(epoch + 1, state, self.model, arrays=best_weights.to_arrays())
                self.checkpoint_seconds, self.since_checkpoint = time.perf_counter() - tick, 0.0
                self.written += 1
            if on_epoch_end is not None:
                on_epoch_end(state["history"])

    return EpochBookkeeping()


def _better(value, best, mode):
    return best is None or (value < best if mode == "min" else value > best)
