"""Learning-rate schedules as config keys, for every task that trains with `context.fit`.

    learning_rate_schedule: constant | step | exponential | cosine | one_cycle | cyclical

`learning_rate` is the schedule's peak: where step and exponential decay start, where cosine arrives
after its warm-up, the top of one-cycle and of the cyclical triangle. Every schedule is a function of
the optimizer's step counter (saved in every checkpoint), so a resumed run continues on the same curve,
and is a `keras.optimizers.schedules.LearningRateSchedule`, so it runs inside the compiled step on every
backend and is saved with the model. The keys, their checks and their defaults are in
keraslab/config/schedule.py (no Keras import there, so `keraslab show` stays instant). Keras's own classes serve step, exponential and cosine (with its
warm-up); one-cycle (Smith & Topal 2018, as fastai runs it) and cyclical triangular (Smith 2017) are
written here.
"""

import math

import keras
from keras import ops

from keraslab.errors import ConfigError


def make_schedule(config, steps_per_epoch):
    """The config's schedule over `config['epochs']` epochs of `steps_per_epoch` steps; None for constant."""
    name = config.get("learning_rate_schedule", "constant")
    if name == "constant":
        return None
    peak, epochs = float(config["learning_rate"]), config["epochs"]
    total = max(1, int(epochs * steps_per_epoch))
    schedules = keras.optimizers.schedules
    if name in ("step", "exponential"):
        return schedules.ExponentialDecay(peak, decay_steps=max(1, round(config["decay_epochs"] * steps_per_epoch)),
                                          decay_rate=config["decay_rate"], staircase=name == "step")
    if name == "cosine":
        warmup = int(config["warmup_epochs"] * steps_per_epoch)
        return schedules.CosineDecay(0.0 if warmup else peak, decay_steps=total - warmup,
                                     alpha=config["min_learning_rate"] / peak, warmup_target=peak if warmup else None,
                                     warmup_steps=warmup)
    if name == "one_cycle":
        rising = int(config["warmup_epochs"] * steps_per_epoch) or int(0.3 * total)
        return OneCycle(peak, total_steps=total, warmup_steps=max(1, rising))
    if name == "cyclical":
        return Triangular(config["min_learning_rate"], peak,
                          step_size=max(1, round(config["cycle_epochs"] * steps_per_epoch)))
    raise ConfigError(f"Unknown learning_rate_schedule '{name}'.")


@keras.saving.register_keras_serializable(package="keraslab")
class OneCycle(keras.optimizers.schedules.LearningRateSchedule):
    """Up from peak/div_factor to peak over `warmup_steps` on a half cosine, then down to
    peak/final_div_factor on another (fastai's defaults: 25 and 1e5)."""

    def __init__(self, peak, total_steps, warmup_steps, div_factor=25.0, final_div_factor=1e5):
        self.peak = peak
        self.total_steps = total_steps
        self.warmup_steps = warmup_steps
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor

    def __call__(self, step):
        step = ops.cast(step, "float32")
        start, end = self.peak / self.div_factor, self.peak / self.final_div_factor
        rising = ops.minimum(step / self.warmup_steps, 1.0)
        falling = ops.clip((step - self.warmup_steps) / max(self.total_steps - self.warmup_steps, 1), 0.0, 1.0)
        up = start + (self.peak - start) * (1 - ops.cos(math.pi * rising)) / 2
        down = end + (self.peak - end) * (1 + ops.cos(math.pi * falling)) / 2
        return ops.where(step < self.warmup_steps, up, down)

    def get_config(self):
        return {"peak": self.peak, "total_steps": self.total_steps, "warmup_steps": self.warmup_steps,
                "div_factor": self.div_factor, "final_div_factor": self.final_div_factor}


@keras.saving.register_keras_serializable(package="keraslab")
class Triangular(keras.optimizers.schedules.LearningRateSchedule):
    """Cyclical learning rate, triangular policy (Smith 2017): linearly from `low` to `high` in `step_size`
    steps and back, over and over."""

    def __init__(self, low, high, step_size):
        self.low = low
        self.high = high
        self.step_size = step_size

    def __call__(self, step):
        step = ops.cast(step, "float32")
        cycle = ops.floor(1 + step / (2 * self.step_size))
        distance = ops.abs(step / self.step_size - 2 * cycle + 1)
        return self.low + (self.high - self.low) * ops.maximum(0.0, 1 - distance)

    def get_config(self):
        return {"low": self.low, "high": self.high, "step_size": self.step_size}


def learning_rate_logger():
    """A callback that adds the optimizer's learning rate at the end of each epoch to the epoch's logs (and so
    to history.csv), whatever moves it: a schedule, ReduceLROnPlateau, or nothing."""

    class LearningRateLogger(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if logs is not None and getattr(self.model, "optimizer", None) is not None:
                logs["learning_rate"] = float(ops.convert_to_numpy(self.model.optimizer.learning_rate))

    return LearningRateLogger()
