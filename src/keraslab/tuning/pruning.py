"""The Keras callback that feeds Optuna's pruner: it reports the objective after every epoch of every
fit in a trial's run, and stops training when the pruner says the trial is not worth finishing.

Stopping goes through `model.stop_training`, as Keras's EarlyStopping does, so the trial's run ends
normally (evaluated, saved, complete) and the tuner files the trial as pruned. A phase that starts
after the trial was pruned stops after its first batch.
"""


def pruning_callback(trial, objective):
    import keras

    class OptunaPruning(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.step = 0  # epochs reported, counted across the run's phases
            self.pruned_at = None

        def on_train_begin(self, logs=None):
            if self.pruned_at is not None:
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            value = (logs or {}).get(objective)
            if value is None or self.pruned_at is not None:
                return
            self.step += 1
            trial.report(float(value), self.step)
            if trial.should_prune():
                self.pruned_at = self.step
                self.model.stop_training = True

    return OptunaPruning()
