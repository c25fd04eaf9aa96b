"""The spec: what a predictor needs to turn raw inputs into model inputs, saved by the task that trained.

One file, `spec.json`, written through `context.save_spec(kind, **fields)`:

    {"kind": "tabular", "version": 1, "problem": "regression", "target": "strength", ...}

Each kind declares its fields here, in one place, so a task cannot save half a spec and a
predictor never guesses: a spec with a missing field, an unknown kind or a newer version is
refused when it is written or read, with one line saying which.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from keraslab.errors import KeraslabError

VERSION = 1

# kind -> the fields a predictor of that kind relies on.
FIELDS = {
    "tabular": ("problem", "target", "class_names", "features"),
    "images": ("class_names", "image_shape"),
    "text-generation": ("sequence_length", "tokenizer"),
    "seq2seq": ("source_length", "source_tokenizer", "target_tokenizer"),
    "text-classification": ("sequence_length", "tokenizer", "class_names"),
    "reconstruction": ("image_shape",),
    "captioning": ("image_shape", "vocabulary", "caption_length"),
    "forecasting": ("window", "horizon", "predict", "mean", "scale", "date", "value", "season"),
}


@dataclass(frozen=True)
class Spec:
    kind: str
    version: int
    fields: dict

    def __getitem__(self, name):
        return self.fields[name]

    def get(self, name, default=None):
        return self.fields.get(name, default)

    def to_json(self):
        return {"kind": self.kind, "version": self.version, **self.fields}


def make_spec(kind, fields):
    """A checked Spec: every declared field present, nothing unknown."""
    if kind not in FIELDS:
        raise ValueError(f"Unknown spec kind '{kind}'; known: {', '.join(FIELDS)}.")
    missing = [name for name in FIELDS[kind] if name not in fields]
    extra = [name for name in fields if name not in FIELDS[kind]]
    if missing or extra:
        raise ValueError(f"Spec '{kind}' needs exactly {', '.join(FIELDS[kind])}; "
                         f"missing {missing or 'none'}, unknown {extra or 'none'}.")
    return Spec(kind, VERSION, dict(fields))


def read_spec(run_path):
    """The run's Spec, or None when the task saved none (a run with no raw-input predictor)."""
    path = Path(run_path) / "spec.json"
    if not path.is_file():
        return None
    try:
        saved = json.loads(path.read_text())
        kind, version = saved.pop("kind"), saved.pop("version")
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        raise KeraslabError(f"{path} is damaged (not a keraslab spec); retrain the run.") from None
    if not isinstance(version, int) or version > VERSION:
        raise KeraslabError(f"{path} has spec version {version}; this keraslab reads up to {VERSION}. "
                            "Upgrade keraslab.")
    try:
        return make_spec(kind, saved)
    except ValueError as error:
        raise KeraslabError(f"{path}: {error}") from None
