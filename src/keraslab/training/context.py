"""What a task receives: its config, the run directory, and the standard ways to train and report."""

import sys

import numpy as np

from keraslab.training.loop import EpochLoop


class RunContext:
    def __init__(self, config, run_dir, smoke=False, quiet=False, resume=False):
        self.config = config
        self.run_dir = run_dir
        self.smoke = smoke
        self.quiet = quiet
        self.resume = resume
        self.model = None
        self.history = {}
        self.info = {}

    @property
    def verbose(self):
        """Keras' progress: a bar on a terminal, a line per epoch in logs, nothing when quiet."""
        if self.quiet:
            return 0
        return 1 if sys.stdout.isatty() else 2

    def say(self, text):
        """Explain a result to the learner (silent under --quiet)."""
        if not self.quiet:
            print(text, flush=True)

    def record(self, **info):
        """Extra facts for metrics.json (which model was kept, the split used, ...)."""
        self.info.update(info)

    def fit(self, model, x, y, validation_data=None, monitor="val_loss", mode="min", class_weight=None,
            reduce_lr_patience=0, callbacks=(), epochs=None, batch_size=None):
        """Train with the standard loop (seeded shuffle, best weights, checkpoints, resume)."""
        config = self.config
        loop = EpochLoop(epochs=epochs or config["epochs"], batch_size=batch_size or config["batch_size"],
                         seed=config["seed"], checkpoint_folder=self.run_dir.checkpoints, monitor=monitor,
                         mode=mode, early_stopping_patience=config.get("early_stopping_patience", 0),
                         reduce_lr_patience=reduce_lr_patience, verbose=self.verbose, callbacks=callbacks)
        model, history, info = loop.run(model, x, y, validation_data, resume=self.resume,
                                        class_weight=class_weight)
        self.model = model
        self.history = history
        self.run_dir.write_history(history)
        kept = f"best epoch {info['best_epoch']} by {info['monitor']}" if info["best_epoch"] else "final"
        self.record(model_selected=kept, **info)
        return model

    def save_model(self, model):
        model.save(self.run_dir.model_path)
        self.model = model

    @staticmethod
    def evaluate(model, x, y, batch_size=256):
        """Test-split metrics, named test_<metric>."""
        results = model.evaluate(x, y, batch_size=batch_size, verbose=0, return_dict=True)
        return {f"test_{name}": float(np.asarray(value)) for name, value in results.items()}
