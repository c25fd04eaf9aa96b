"""What a task receives, and the only writer of its run directory.

    with context.phase("head"):            # own checkpoints, best weights and slice of history
        context.fit(model, x, y, ...)      # Keras's fit, resumable at every epoch
    context.log_epoch(loss=..., ...)       # loops that do not call fit
    context.save_loop_state(step, ...)     # ... and checkpoint their own state
    context.save_spec("tabular", ...)      # what the predictor needs
    context.write_json("report.json", ...) # every file atomically, through here
    context.plot_path("curves.png")        # where a plot goes (the plot helpers write atomically)

On resume the task runs again from the top; a finished phase is not trained again but loads its
last checkpoint (weights, optimizer, random generators, history), and the interrupted phase
continues from its last epoch, so the run ends where it would have ended.
"""

import contextlib
import csv
import io
import json
import math
import re
import sys
import time
from pathlib import Path

import numpy as np

from keraslab.data.integrity import atomic_path, write_text_atomic
from keraslab.training.checkpoints import PhaseCheckpoints
from keraslab.training.loop import EpochLoop
from keraslab.training.precision import float32_outputs

_PHASE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# During a fit, history.csv and the TensorBoard events get the new epochs at most this often (and always
# when the phase ends). Written after every epoch they cost concrete-regression's 400 short epochs about
# 0.3 s; a second is still live for anyone watching, and a resumed run rewrites both from its checkpoint.
HISTORY_WRITE_SECONDS = 1.0


class TaskFinished(BaseException):  # a BaseException: a task's own `except Exception` must not swallow it
    """Raised by a context that ends its task early with a result of its own (the lr-find range test)."""

    def __init__(self, metrics):
        super().__init__("the run context ended the task")
        self.metrics = metrics


class RunContext:
    def __init__(self, config, run_dir, smoke=False, quiet=False, runs_root=None, callbacks=(), data_parallel=None):
        self.config = config
        # --distribute: every fit spreads its batches over the devices of every process (distribution/).
        self.data_parallel = data_parallel
        # Keras callbacks added to every fit of the run by whoever started it (a tuning trial's pruner).
        self.extra_callbacks = list(callbacks)
        self.smoke = smoke
        self.quiet = quiet
        self.model = None
        self.info = {}
        self._tensorboard_said = False  # the missing-package line is said once per run
        self._tensorboard_available = None  # looked up at the first epoch
        self._on_disk = None  # the history's shape when history.csv and the events were last written
        self._run_dir = run_dir
        self._runs_root = Path(runs_root) if runs_root is not None else run_dir.path.parent.parent
        self._phases = {}  # phase -> {metric: [value per epoch]}, in the order phases ran
        self._phase = None
        self._fits_outside_phases = 0
        self._fitted = set()
        self._phases_overlaid = False

    # -- talking to the learner -------------------------------------------------------------------

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

    def record(self, **facts):
        """Facts for metrics.json (which model was kept, the split used, timings, ...), kept apart from
        the metrics the task returns."""
        self.info.update(facts)

    # -- phases and training ------------------------------------------------------------------------

    @contextlib.contextmanager
    def phase(self, name):
        """A named stage of training with its own checkpoints, best weights and history slice."""
        if not _PHASE_NAME.match(name):
            raise ValueError(f"Phase name '{name}': use lower-case letters, digits, '-' and '_'.")
        if name in self._phases:
            raise ValueError(f"Phase '{name}' ran already in this run; give each phase its own name.")
        outer, self._phase = self._phase, name
        self._phases[name] = {}
        try:
            yield
        finally:
            self._phase = outer

    def overlay_phases(self):
        """Say that this run's phases are alternatives from the same start (a comparison), not stages one
        after another: TensorBoard then starts each at epoch 1, so their curves lie over one another."""
        self._phases_overlaid = True

    @property
    def history(self):
        """The whole run's history so far, phases one after another: {metric: [values]}."""
        merged = {}
        for history in self._phases.values():
            for name, values in history.items():
                merged.setdefault(name, []).extend(values)
        return merged

    def phase_history(self, name=None):
        return dict(self._phases.get(name or self._current_phase(), {}))

    def _current_phase(self):
        if self._phase is not None:
            return self._phase
        # A fit outside any `phase` block gets one of its own: train, train-2, ...
        self._fits_outside_phases += 1
        name = "train" if self._fits_outside_phases == 1 else f"train-{self._fits_outside_phases}"
        self._phases.setdefault(name, {})
        return name

    def _checkpoints(self, phase):
        return PhaseCheckpoints(self._run_dir.checkpoints / phase)

    def fit(self, model, x, y, validation_data=None, monitor="val_loss", mode="min", class_weight=None,
            reduce_lr_patience=0, callbacks=(), epochs=None, batch_size=None):
        """Train `model` in place with Keras's fit in the current phase; return it with its best weights."""
        config = self.config
        phase = self._current_phase()
        if phase in self._fitted:
            raise ValueError(f"Phase '{phase}' has a fit already; give each fit its own context.phase(...).")
        self._fitted.add(phase)

        written = {"at": None}

        def keep(history, final=False):
            """The phase's history so far; on disk when the phase ends and at most every HISTORY_WRITE_SECONDS."""
            self._phases[phase] = history
            now = time.monotonic()
            if final or written["at"] is None or now - written["at"] >= HISTORY_WRITE_SECONDS:
                written["at"] = now
                self._history_changed()

        float32_outputs(model)  # a no-op under float32; the guide's float32 output layer under mixed precision
        callbacks = self._learning_rate_control(model, x, epochs or config["epochs"], batch_size or config["batch_size"],
                                                callbacks)
        loop = EpochLoop(epochs=epochs or config["epochs"], batch_size=batch_size or config["batch_size"],
                         seed=config["seed"], checkpoints=self._checkpoints(phase), monitor=monitor, mode=mode,
                         early_stopping_patience=config.get("early_stopping_patience", 0),
                         reduce_lr_patience=reduce_lr_patience, verbose=self.verbose,
                         callbacks=[*callbacks, *self.extra_callbacks],
                         on_epoch_end=keep, data_parallel=self.data_parallel)
        history, info = loop.run(model, x, y, validation_data, class_weight=class_weight)
        keep(history, final=True)
        self.model = model
        kept = f"best epoch {info['best_epoch']} by {info['monitor']}" if info["best_epoch"] else "final"
        self.record(model_selected=kept, **info)
        if len(self._phases) > 1:
            self.record(phases={name: len(next(iter(h.values()), [])) for name, h in self._phases.items()})
        return model

    def _learning_rate_control(self, model, x, epochs, batch_size, callbacks):
        """The config's learning-rate schedule put on the model's optimizer, and the rate logged every epoch."""
        from keraslab.training.loop import _first
        from keraslab.training.schedules import learning_rate_logger, make_schedule

        schedule = make_schedule({**self.config, "epochs": epochs}, math.ceil(len(_first(x)) / batch_size))
        if schedule is not None:
            model.optimizer.learning_rate = schedule
        return [*callbacks, learning_rate_logger()]

    def log_epoch(self, **values):
        """One epoch of a loop that does not call fit: its values join history.csv."""
        history = self._phases.setdefault(self._phase or "train", {})
        for name, value in values.items():
            history.setdefault(name, []).append(float(value))
        self._history_changed()

    def log_epochs(self, columns):
        """Many epochs (or episodes) at once: {name: [value per epoch]}, written in one go."""
        history = self._phases.setdefault(self._phase or "train", {})
        for name, values in columns.items():
            history.setdefault(name, []).extend(float(v) for v in values)
        self._history_changed()

    def save_loop_state(self, step, arrays=None, **values):
        """Checkpoint a loop that does not call fit: `step` done, its arrays and JSON-able values, the
        history so far and every random generator. Resume with `load_loop_state`."""
        phase = self._phase or "train"
        self._checkpoints(phase).save(step, {"step": step, "values": values, "history": self._phases.get(phase, {})},
                                      arrays=arrays)

    def load_loop_state(self):
        """(step, arrays, values) saved last in this phase (the random generators restored too), or None."""
        phase = self._phase or "train"
        restored = self._checkpoints(phase).restore()
        if restored is None:
            return None
        state, arrays = restored
        self._phases[phase] = state["history"]
        return state["step"], arrays, state["values"]

    # -- history.csv and TensorBoard (training/tensorboard_log.py) ------------------------------------

    def _history_changed(self):
        """After logged epochs: history.csv and the <run>/tensorboard/<phase>/ events. When all that changed
        is more epochs of the last phase, those epochs are appended to both; anything else (a phase's first
        epoch, a new column, a resumed run) rewrites them from the history."""
        from keraslab.training import tensorboard_log

        shape = _history_shape(self._phases)
        names = list(shape[0])
        added = _epochs_added(self._on_disk, shape)
        self._on_disk = shape
        tensorboard = self._tensorboard_available
        if tensorboard is None:
            tensorboard = self._tensorboard_available = tensorboard_log.available()
        if added:
            phase = next(reversed(self._phases))
            self._run_dir.append_history(phase, self._phases[phase], names, added)
        else:
            self._run_dir.write_history(self._phases)
        if tensorboard:
            folder = self._run_dir.path / tensorboard_log.FOLDER
            if added:
                tensorboard_log.append_scalars(folder, self._phases, added, overlaid=self._phases_overlaid)
            else:
                tensorboard_log.write_scalars(folder, self._phases, self.config,
                                              overlaid=self._phases_overlaid)
        elif not self._tensorboard_said:
            self._tensorboard_said = True
            self.say("TensorBoard events not written: the tensorboard package is not installed "
                     "(pip install 'keraslab[tensorboard]').")

    def finish(self):
        """Called by the runner once the task returned: the config and the run's pictures for TensorBoard."""
        from keraslab.training import tensorboard_log

        if self._phases and tensorboard_log.available():
            tensorboard_log.write_run_summary(self._run_dir.path / tensorboard_log.FOLDER, self.config,
                                              self._run_dir.plots)

    # -- what the run keeps -------------------------------------------------------------------------

    def save_model(self, model, name="model.keras"):
        """The model a user gets (model.keras), or another named one, written atomically."""
        float32_outputs(model)  # a wrapper built after training (a softmax added on) also answers in float32
        with self.output(name) as path:
            model.save(path)
        if name == "model.keras":
            self.model = model
        return self._path(name)

    def save_spec(self, kind, **fields):
        """What a predictor needs to rebuild inputs; checked against the kind's declared fields."""
        from keraslab.training.spec import make_spec

        self.write_json("spec.json", make_spec(kind, fields).to_json())

    def write_text(self, name, text):
        write_text_atomic(self._path(name), text)

    def write_json(self, name, data):
        self.write_text(name, json.dumps(data, indent=2, default=_plain) + "\n")

    def write_table(self, name, columns, index_name=None):
        """A per-row CSV: columns {name: [values]}, optionally numbered from 1 in `index_name`."""
        names = list(columns)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(([index_name] if index_name else []) + names)
        for index, row in enumerate(zip(*(columns[n] for n in names))):
            writer.writerow(([index + 1] if index_name else []) + list(row))
        self.write_text(name, buffer.getvalue())

    @contextlib.contextmanager
    def output(self, name):
        """A temporary path for a library that writes the file itself; renamed to `name` on success.
        The temporary keeps the suffix, since Keras and NumPy choose the format by it."""
        target = self._path(name)
        with atomic_path(target) as temporary:
            named = temporary.with_name(temporary.name + target.suffix)
            try:
                yield named
                named.replace(temporary)
            finally:
                named.unlink(missing_ok=True)

    @property
    def runs_root(self):
        """The runs folder (`--runs-dir`) this run lives in: where `weights: run:PRESET` looks."""
        return self._runs_root

    def state_folder(self, name):
        """A folder under checkpoints/ for a library that keeps its own resumable state (KerasTuner's oracle
        and trials); it stays between a killed run and its resume."""
        return self._run_dir.subfolder(Path("checkpoints") / name)

    def tensorboard_folder(self, name):
        """A folder under tensorboard/ for event files a library writes itself (KerasTuner's HParams
        sessions), beside the <phase>/ folders keraslab rebuilds from the history."""
        from keraslab.training import tensorboard_log

        return self._run_dir.subfolder(Path(tensorboard_log.FOLDER) / name)

    def model_checkpoint_path(self, name):
        """Where a Keras ModelCheckpoint callback saves, in <run>/model_checkpoints/: files for the learner to
        load back, apart from checkpoints/ (what resume needs). Keras writes them in place, not atomically; a
        run killed while one is written replays that epoch when resumed and writes it again."""
        return self._run_dir.subfolder("model_checkpoints") / name

    def plot_path(self, name):
        """Where a picture of the run goes; keraslab's plot and image helpers write atomically."""
        return self._run_dir.plots / name

    def sample_path(self, name):
        return self._run_dir.samples / name

    @property
    def samples_folder(self):
        """The folder for a callback that writes one sample picture per epoch (keraslab's savers are atomic)."""
        return self._run_dir.samples

    def _path(self, name):
        path = self._run_dir.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    @staticmethod
    def evaluate(model, x, y, batch_size=256):
        """Test-split metrics, named test_<metric>."""
        results = model.evaluate(x, y, batch_size=batch_size, verbose=0, return_dict=True)
        return {f"test_{name}": float(np.asarray(value)) for name, value in results.items()}

    @staticmethod
    def evaluate_and_predict(model, x, y, batch_size=256):
        """(test-split metrics as `evaluate` gives them, the predictions): one pass of the model over the test
        split instead of `evaluate` then `predict` (each a forward pass and, the first time, a compiled
        function: about 0.3 s of CPU on MNIST). The metrics are Keras's own, fed the predictions batch by
        batch as `evaluate`'s test step feeds them (the compiled loss, averaged over samples by a `Mean`
        weighted by batch size, then the compiled metrics). MSE, MAE and accuracy equal `evaluate`'s to the
        last digit; a softmax classifier's loss can differ in its last float32 bit, since the compiled test
        step fuses the log (tests/training/test_evaluate_and_predict.py). On JAX, evaluate then predict."""
        import keras

        predictions = model.predict(x, batch_size=batch_size, verbose=0)
        if keras.backend.backend() == "jax":
            # JAX compiles each eager operation of the metrics below before running it: on a small test split
            # that costs more than evaluate's second pass (concrete-regression's model: 0.38 s of CPU against
            # 0.26 s; car-classification's 0.81 s against 0.36 s), so JAX runs evaluate.
            return RunContext.evaluate(model, x, y, batch_size), predictions
        loss = keras.metrics.Mean(name="loss")
        model.reset_metrics()
        for start in range(0, len(y), batch_size):
            y_batch, predicted = y[start:start + batch_size], predictions[start:start + batch_size]
            loss.update_state(model.compute_loss(y=y_batch, y_pred=predicted, training=False),
                              sample_weight=len(y_batch))
            results = model.compute_metrics(None, y_batch, predicted, sample_weight=None)
        # In evaluate's order, which is the names' (its logs pass through keras.tree, which sorts a dict's keys).
        results = dict(sorted({**results, "loss": loss.result()}.items()))
        return {f"test_{name}": float(np.asarray(value)) for name, value in results.items()}, predictions


def _history_shape(phases):
    """(columns of history.csv, ((phase, (length of each column)), ...)): what decides the files' layout."""
    names = tuple(dict.fromkeys(name for history in phases.values() for name in history))
    return names, tuple((phase, tuple(len(history.get(n, ())) for n in names)) for phase, history in phases.items())


def _epochs_added(before, after):
    """How many epochs `after` adds to `before` when that is all that changed: the same columns, earlier phases
    as they were, and every column of the last phase longer by the same count (0 otherwise). Those epochs
    are then the rows `write_history` would add."""
    if before is None or before[0] != after[0] or not after[0] or len(before[1]) != len(after[1]):
        return 0
    (*done, (phase, lengths)), (*was_done, (was_phase, was_lengths)) = after[1], before[1]
    added = {now - was for now, was in zip(lengths, was_lengths)}
    if done != was_done or phase != was_phase or len(set(lengths)) != 1 or len(added) != 1:
        return 0
    return max(added.pop(), 0)


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return float(value)
