"""The learning-rate range test (Smith 2017; fastai's `lr_find`): train for about 100 steps while the learning
rate grows exponentially from very small to very large, record the loss at each step, and read a good rate
off the curve.

    keraslab lr-find mnist-cnn [--set ...] [--steps 100]

It runs the preset's own task with a run context whose `fit` does the range test instead of training and then
ends the task, so every task that trains with `context.fit` gets it without a line of its own: the same data,
model, loss and optimizer the preset would train. What it writes goes through the run context, into a run
folder of its own (`runs/<preset>-lr-find/...`): lr_find.csv (rate, loss, smoothed loss per step),
plots/lr_find.png (loss against rate, the suggestion marked) and metrics.json (the suggestion and the rule).

The suggestion: the rate where the smoothed loss (a centred moving average) is lowest, divided by 10 (fastai's `lr_min`: at the minimum the
loss is about to blow up, so a tenth of it is still on the steep, stable part). The rate of steepest descent
(fastai's `lr_steep`) is recorded beside it.
"""

import dataclasses

import numpy as np

from keraslab.errors import ConfigError, KeraslabError
from keraslab.training.context import RunContext, TaskFinished

SMOOTHING = 0.9  # the running check for divergence: an exponential moving average of the per-step loss
DIVERGED = 4.0  # stop once the smoothed loss is this many times its minimum


def suggest(learning_rates, losses):
    """{suggested_learning_rate, rule, minimum_loss_learning_rate, steepest_learning_rate} from a range test.

    `losses` are per step; they are smoothed here and cut where they diverged."""
    learning_rates, smoothed = np.asarray(learning_rates, "float64"), smooth(losses)
    keep = _until_diverged(smoothed)
    learning_rates, smoothed = learning_rates[:keep], smoothed[:keep]
    if keep < 3:
        raise KeraslabError("The learning-rate range test diverged in its first steps: lower --start.")
    lowest = int(np.argmin(smoothed))
    slope = np.gradient(smoothed, np.log(learning_rates))
    skip = len(smoothed) // 10  # the first steps' average rests on a handful of losses (fastai skips them too)
    steepest = skip + int(np.argmin(slope[skip: max(lowest, skip + 1)]))
    return {"suggested_learning_rate": float(learning_rates[lowest] / 10), "rule": "minimum of the smoothed loss / 10",
            "minimum_loss_learning_rate": float(learning_rates[lowest]),
            "steepest_learning_rate": float(learning_rates[steepest])}


def smooth(losses, window=None):
    """A centred moving average (window: a tenth of the steps, odd, at least 5; narrower at the ends). Centred,
    so the curve does not lag behind the learning rate: fastai's trailing average (beta 0.98) lags about 50
    steps, four decades of learning rate in a 100-step test, which moves the minimum far to the right."""
    losses = np.asarray(losses, "float64")
    window = window or max(5, len(losses) // 10) | 1
    half = window // 2
    return np.array([np.mean(losses[max(0, i - half): i + half + 1]) for i in range(len(losses))])


def _until_diverged(smoothed):
    best = np.inf
    for step, value in enumerate(smoothed):
        if not np.isfinite(value) or value > DIVERGED * best:
            return step
        best = min(best, value)
    return len(smoothed)


class RangeTestContext(RunContext):
    """A run context whose first `fit` is a learning-rate range test; then the task ends with its result."""

    def __init__(self, *args, steps=100, start=1e-7, end=10.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps, self.start, self.end = steps, start, end

    def fit(self, model, x, y, validation_data=None, batch_size=None, **ignored):
        import keras

        from keraslab.training.epoch_batches import take
        from keraslab.training.loop import _build, _first
        from keraslab.training.precision import float32_outputs

        batch_size = batch_size or self.config["batch_size"]
        _build(model, x)
        float32_outputs(model)  # as RunContext.fit: the range test trains the model the run would train
        count = len(_first(x))
        # Enough shuffled rows for `steps` full batches, the data repeated when it is smaller than that.
        order = np.concatenate([np.random.default_rng([self.config["seed"], repeat]).permutation(count)
                                for repeat in range(-(-self.steps * batch_size // count))])[: self.steps * batch_size]
        model.optimizer.learning_rate = keras.optimizers.schedules.ExponentialDecay(
            self.start, decay_steps=self.steps - 1, decay_rate=self.end / self.start)
        recorder = _loss_recorder_class()()
        model.fit(take(x, order), take(y, order), batch_size=batch_size, epochs=1, shuffle=False, verbose=0,
                  callbacks=[recorder])
        if not recorder.losses:
            raise KeraslabError(f"lr-find: task '{self.config.get('task')}' logs no single 'loss' while training "
                                "(it trains more than one network); the range test needs one loss.")
        learning_rates = self.start * (self.end / self.start) ** (np.arange(len(recorder.losses)) / (self.steps - 1))
        found = suggest(learning_rates, recorder.losses)
        self.write_table("lr_find.csv", {"learning_rate": learning_rates.tolist(), "loss": recorder.losses,
                                         "smoothed_loss": smooth(recorder.losses).tolist()}, index_name="step")
        _plot(learning_rates, recorder.losses, found, self.plot_path("lr_find.png"))
        self.say(f"Suggested learning rate: {found['suggested_learning_rate']:.3g} ({found['rule']}); steepest "
                 f"descent at {found['steepest_learning_rate']:.3g}. Curve: {self.plot_path('lr_find.png')}")
        self.record(rule=found.pop("rule"), steps=len(recorder.losses), batch_size=batch_size,
                    start=self.start, end=self.end)
        raise TaskFinished(found)


def _loss_recorder_class():
    import keras

    class LossRecorder(keras.callbacks.Callback):
        """Each step's own loss. Keras logs the epoch's running mean, so step k's loss is
        k * mean_k - (k - 1) * mean_(k-1) (all batches are full); stops once the loss has blown up."""

        def __init__(self):
            super().__init__()
            self.losses, self._mean, self._best, self._average = [], 0.0, np.inf, 0.0

        def on_train_batch_end(self, batch, logs=None):
            if "loss" not in (logs or {}):
                self.model.stop_training = True
                return
            mean = float(logs["loss"])
            self.losses.append((batch + 1) * mean - batch * self._mean)
            self._mean = mean
            step = len(self.losses)
            self._average = SMOOTHING * self._average + (1 - SMOOTHING) * self.losses[-1]
            smoothed = self._average / (1 - SMOOTHING ** step)
            if not np.isfinite(smoothed) or smoothed > DIVERGED * self._best:
                self.model.stop_training = True
            self._best = min(self._best, smoothed)

    return LossRecorder


def _plot(learning_rates, losses, found, path):
    from keraslab.plots import pyplot
    from keraslab.plots.save import save_figure

    plt = pyplot()
    figure, axis = plt.subplots(figsize=(6, 4))
    axis.plot(learning_rates, losses, alpha=0.3, label="loss per step")
    axis.plot(learning_rates, smooth(losses), label="smoothed")
    axis.axvline(found["suggested_learning_rate"], color="red", linestyle="--",
                 label=f"suggested {found['suggested_learning_rate']:.2g}")
    smoothed = smooth(losses)
    shown = smoothed[: _until_diverged(smoothed)]
    if len(shown):  # the smoothed curve up to where it blew up; single steps may leave the frame
        axis.set_ylim(shown.min() - 0.05 * np.ptp(shown), shown.max() + 0.05 * np.ptp(shown) + 1e-12)
    axis.set_xscale("log")
    axis.set_xlabel("learning rate")
    axis.set_ylabel("training loss")
    axis.legend()
    figure.tight_layout()
    save_figure(figure, path)


def find_learning_rate(preset, overrides=(), backend=None, runs_dir="runs", steps=100, start=1e-7, end=10.0,
                       quiet=False, **config):
    """Run the range test on a preset (or YAML file); returns its RunResult (metrics: the suggestion)."""
    from keraslab.config.resolve import resolve
    from keraslab.preflight import check_run
    from keraslab.training.runner import execute

    chosen, schema, resolved = resolve(preset, overrides, **config)
    if "learning_rate_schedule" not in resolved:  # the mark of a task that trains with context.fit
        raise ConfigError(f"lr-find: preset '{chosen.name}' (task {chosen.task}) does not train a network with "
                          "gradient steps through fit; pick a preset that does (keraslab list).")
    if not (steps >= 10 and 0 < start < end):
        raise ConfigError(f"lr-find: needs --steps >= 10 and 0 < --start < --end; got {steps}, {start:g}, {end:g}.")
    check_run(schema, resolved, runs_dir)
    return execute(dataclasses.replace(chosen, expect={}), schema, resolved, backend=backend, runs_dir=runs_dir,
                   quiet=quiet, run_name=f"{chosen.name}-lr-find",
                   context_class=lambda *a, **k: RangeTestContext(*a, steps=steps, start=start, end=end, **k))
