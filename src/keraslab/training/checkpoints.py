"""Resumable checkpoints: the model with its optimizer state, plus the loop's own state, per epoch.

Each checkpoint is a folder `epoch-NNNN/` holding `model.keras` and `state.json`, written fully
before `latest` (a one-line file, replaced atomically) points at it. A run killed at any moment
resumes from a complete checkpoint.
"""

import json
import shutil

from keraslab.data.integrity import write_text_atomic


def save_checkpoint(folder, epoch, model, state):
    target = folder / f"epoch-{epoch:04d}"
    if target.exists():
        shutil.rmtree(target)
    staging = folder / f".epoch-{epoch:04d}.part"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    model.save(staging / "model.keras")
    (staging / "state.json").write_text(json.dumps(state, default=float))
    staging.rename(target)
    previous = latest_checkpoint(folder)
    write_text_atomic(folder / "latest", target.name + "\n")
    if previous is not None and previous != target:
        shutil.rmtree(previous, ignore_errors=True)


def latest_checkpoint(folder):
    pointer = folder / "latest"
    if not pointer.exists():
        return None
    target = folder / pointer.read_text().strip()
    return target if (target / "state.json").exists() else None


def load_checkpoint(folder):
    """(model, state) from the latest checkpoint, or (None, None) when there is none."""
    from keraslab.registration import load_model

    target = latest_checkpoint(folder)
    if target is None:
        return None, None
    model = load_model(target / "model.keras")
    return model, json.loads((target / "state.json").read_text())
