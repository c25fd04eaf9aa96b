"""Checkpoints of one phase: what resume needs to continue exactly where the run stopped.

    checkpoints/<phase>/step-NNNNNN/   weights.weights.h5 (model and optimizer slots), random.npz,
                                       arrays.npz (the best weights so far, or a custom loop's own
                                       arrays), state.json
    checkpoints/<phase>/latest         the newest complete one, a one-line file replaced atomically

A checkpoint folder is written whole under a temporary name and renamed, then `latest` is pointed
at it, so a run killed at any moment finds a complete checkpoint or none. Weights are loaded back
into the model the task built (not a new model object), so layers a task shares between models (a
head trained alone, then inside the full model) stay shared after resume.
"""

import json
import os
import shutil

import numpy as np

from keraslab.data.integrity import write_text_atomic
from keraslab.training import random_state

# Tests set this to simulate a kill: the process exits at once after writing that many checkpoints.
EXIT_AFTER_ENV = "KERASLAB_EXIT_AFTER_CHECKPOINTS"
_written = 0


class PhaseCheckpoints:
    def __init__(self, folder):
        self.folder = folder
        self._pending_random = None

    @property
    def best_path(self):
        return self.folder / "best.weights.h5"

    def latest(self):
        pointer = self.folder / "latest"
        if not pointer.is_file():
            return None
        target = self.folder / pointer.read_text().strip()
        return target if (target / "state.json").is_file() else None

    def save(self, step, state, model=None, arrays=None):
        """Write checkpoint `step`: the model's weights and optimizer, every random generator, `state`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"step-{step:06d}"
        staging = self.folder / f".step-{step:06d}.part"
        for stale in (staging, target):
            if stale.exists():
                shutil.rmtree(stale)
        staging.mkdir()
        if model is not None:
            model.save_weights(staging / "weights.weights.h5")
        values, random_arrays = random_state.capture(model)
        np.savez(staging / "random.npz", **random_arrays)
        if arrays:
            np.savez(staging / "arrays.npz", **arrays)
        (staging / "state.json").write_text(json.dumps({**state, "random": values}, default=float))
        staging.rename(target)
        previous = self.latest()
        write_text_atomic(self.folder / "latest", target.name + "\n")
        if previous is not None and previous != target:
            shutil.rmtree(previous, ignore_errors=True)
        _maybe_exit_for_test()

    def restore(self, model=None, random_now=True):
        """(state, arrays) of the latest checkpoint, loaded into `model`; None when there is none.

        The random generators are put back now, or (random_now=False) when `apply_pending_random` is
        called: `fit` may draw random numbers while it builds, before the first step."""
        target = self.latest()
        if target is None:
            return None
        state = json.loads((target / "state.json").read_text())
        if model is not None:
            model.load_weights(target / "weights.weights.h5")
        with np.load(target / "random.npz") as saved:
            self._pending_random = (state.pop("random"), dict(saved))
        if random_now:
            self.apply_pending_random(model)
        arrays = {}
        if (target / "arrays.npz").is_file():
            with np.load(target / "arrays.npz") as saved:
                arrays = dict(saved)
        return state, arrays

    def apply_pending_random(self, model=None):
        if self._pending_random is not None:
            random_state.restore(*self._pending_random, model)
            self._pending_random = None

    def restore_best(self, model):
        """Best weights of a run whose checkpoints predate keeping them inside the checkpoint."""
        if self.best_path.is_file():
            model.load_weights(self.best_path)
            return True
        return False


def _maybe_exit_for_test():
    global _written
    limit = os.environ.get(EXIT_AFTER_ENV)
    if not limit:
        return
    _written += 1
    if _written >= int(limit):
        # As abrupt as SIGKILL: no handlers, no status written, buffers not flushed.
        os._exit(137)
