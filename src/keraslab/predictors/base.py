"""What every predictor shares: the run it reads, its spec, its model (loaded on first use), and
the one-line refusals for inputs it cannot take."""

import functools
import math
import zipfile
from pathlib import Path

from keraslab.errors import DataError, KeraslabError, one_line


class Predictor:
    """`verbs`: what it can do; `takes`: how errors describe its inputs; `spec_kind`: the spec it reads.

    Constructing one reads nothing: the spec and the model load on first use, so a wrong verb or a
    wrong input is refused before anything expensive happens."""

    verbs = ("predict",)
    takes = "inputs"
    spec_kind = None

    def __init__(self, run_dir):
        self.run_dir = run_dir
        self._model = None

    @functools.cached_property
    def spec(self):
        return self.require_spec(self.spec_kind)

    @functools.cached_property
    def task(self):
        # Read once: every input's decoding names the task, and config.yaml costs a YAML parse per read.
        return self.run_dir.task

    @functools.cached_property
    def config(self):
        return self.run_dir.read_config()["config"]

    def require_spec(self, kind):
        """The run's spec.json, which must be of `kind` (the task saved it when it trained)."""
        spec = self.run_dir.spec()
        if spec is None:
            raise KeraslabError(f"Run {self.run_dir.path} has no spec.json (it was trained by an older keraslab); "
                                f"retrain it: keraslab run {self.run_dir.preset}.")
        if spec.kind != kind:
            raise KeraslabError(f"Run {self.run_dir.path} saved a '{spec.kind}' spec, but its task "
                                f"'{self.task}' predicts from a '{kind}' one; the run folder is damaged.")
        return spec

    @property
    def model(self):
        if self._model is None:
            self._model = load_run_model(self.run_dir)
        return self._model

    def require_inputs(self, inputs):
        if not inputs:
            raise KeraslabError(f"predict on {a_run(self.task)} takes {self.takes}; give one or more after the "
                                "run folder.")
        return list(inputs)


def load_run_model(run_dir, **kwargs):
    """The run's model.keras, or one line saying it is missing or damaged (never 'File not found')."""
    from keraslab.registration import load_model

    path = run_dir.model_path
    if not path.is_file():
        raise KeraslabError(f"Run {run_dir.path} has no model.keras; it may have been deleted. "
                            f"Retrain it: keraslab run {run_dir.preset}.")
    kwargs.setdefault("compile", False)
    damaged = f"{path} is damaged and cannot be loaded"
    retrain = f"retrain the run: keraslab run {run_dir.preset}."
    if not zipfile.is_zipfile(path):
        # Keras calls such a file "not found"; it is there, only not a .keras archive.
        raise KeraslabError(f"{damaged} (not a .keras zip archive); {retrain}")
    try:
        return load_model(path, **kwargs)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, EOFError, zipfile.BadZipFile) as error:
        raise KeraslabError(f"{damaged} ({type(error).__name__}: {one_line(error)[:120]}); {retrain}") from None


def predict_batches(model, x, batch_size=256):
    """`model.predict(x)` without its per-call set-up: `predict_on_batch` over chunks of `batch_size`. For the
    few inputs a person or a server sends at once, Keras's `predict` spends almost all its time building
    its data pipeline (TensorFlow: about 100 ms for one 28x28 digit; 1.4 ms this way)."""
    import numpy as np

    return np.concatenate([np.asarray(model.predict_on_batch(x[start:start + batch_size]))
                           for start in range(0, len(x), batch_size)])


def existing_file(path, takes, task):
    """`path` as a Path to a file that exists, else one line naming it and what predict takes."""
    found = Path(path)
    if found.is_dir():
        raise DataError(f"Input '{path}' is a folder; predict on {a_run(task)} takes {takes}, one path each.")
    if not found.is_file():
        raise DataError(f"Input '{path}' not found; predict on {a_run(task)} takes {takes}.")
    return found


def output_file(path, option, suffix):
    """`path` for a file a verb will write, checked before any work: the suffix, then (as every command
    checks an output) an existing, writable folder."""
    from keraslab.commands import check_output_file

    path = Path(path)
    if path.suffix.lower() != suffix:
        raise KeraslabError(f"{option} '{path}' must end in {suffix}.")
    check_output_file(path, option)
    return path


# Suffixes that are surely not text tables: the first thing to say when one is given to a table model.
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".ppm", ".pgm"}


def finite_number(value, name, minimum=None, maximum=None, low_open=False):
    """`value` as a float, refused in one line when NaN, infinite or out of range (an option of a verb)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise KeraslabError(f"{name} must be a number; got {value!r}.") from None
    low_fails = minimum is not None and (number <= minimum if low_open else number < minimum)
    if not math.isfinite(number) or low_fails or (maximum is not None and number > maximum):
        bounds = ("(" if low_open else "[") + f"{minimum if minimum is not None else '-inf'}, " \
                 f"{maximum if maximum is not None else 'inf'}" + "]"
        raise KeraslabError(f"{name} must be a finite number in {bounds}; got {value}.")
    return number


def whole_number(value, name, minimum=1, maximum=None):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or \
            (maximum is not None and value > maximum):
        bounds = f">= {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        raise KeraslabError(f"{name} must be a whole number {bounds}; got {value}.")
    return value


def a_run(task):
    """'an image-classifier run', 'a tabular run'."""
    return f"{'an' if task[:1] in 'aeiou' else 'a'} {task} run"
