"""The run directory: everything one run leaves behind, written so that nothing looks finished early.

    config.yaml   the resolved config       status.json   running | complete | failed (atomic)
    metrics.json  test metrics and timings  history.csv   per-epoch metrics
    model.keras   the model to use          checkpoints/  what resume needs
    plots/ samples/
"""

import csv
import datetime
import json
import secrets
from pathlib import Path

import yaml

from keraslab.data.integrity import atomic_path, write_text_atomic
from keraslab.errors import KeraslabError


class RunDirectory:
    def __init__(self, path):
        self.path = Path(path)

    @classmethod
    def create(cls, runs_dir, preset_name):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(runs_dir) / preset_name / f"{stamp}-{secrets.token_hex(3)}"
        path.mkdir(parents=True)
        return cls(path)

    @classmethod
    def existing(cls, path):
        path = Path(path)
        if not (path / "config.yaml").is_file():
            raise KeraslabError(f"'{path}' is not a run directory (no config.yaml). Give a folder from 'keraslab runs'.")
        return cls(path)

    def subfolder(self, name):
        folder = self.path / name
        folder.mkdir(exist_ok=True)
        return folder

    @property
    def checkpoints(self):
        return self.subfolder("checkpoints")

    @property
    def plots(self):
        return self.subfolder("plots")

    @property
    def samples(self):
        return self.subfolder("samples")

    @property
    def model_path(self):
        return self.path / "model.keras"

    def write_config(self, config, meta):
        write_text_atomic(self.path / "config.yaml",
                          yaml.safe_dump({**meta, "config": config}, sort_keys=False))

    def read_config(self):
        return yaml.safe_load((self.path / "config.yaml").read_text())

    def write_status(self, state, reason=None):
        status = {"status": state, "time": datetime.datetime.now().isoformat(timespec="seconds")}
        if reason:
            status["reason"] = reason
        write_text_atomic(self.path / "status.json", json.dumps(status, indent=2) + "\n")

    def status(self):
        try:
            return json.loads((self.path / "status.json").read_text())
        except (OSError, ValueError):
            return {"status": "unknown"}

    def write_metrics(self, metrics):
        write_text_atomic(self.path / "metrics.json", json.dumps(metrics, indent=2, default=float) + "\n")

    def metrics(self):
        try:
            return json.loads((self.path / "metrics.json").read_text())
        except (OSError, ValueError):
            return {}

    def write_history(self, history):
        """history: {metric: [value per epoch]} -> history.csv with an epoch column."""
        if not history:
            return
        names = list(history)
        epochs = max(len(values) for values in history.values())
        with atomic_path(self.path / "history.csv") as temporary:
            with open(temporary, "w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["epoch", *names])
                for epoch in range(epochs):
                    writer.writerow([epoch + 1, *(history[n][epoch] if epoch < len(history[n]) else ""
                                                  for n in names)])

    def read_history(self):
        path = self.path / "history.csv"
        if not path.exists():
            return {}
        with open(path, newline="") as handle:
            rows = list(csv.DictReader(handle))
        names = [n for n in (rows[0] if rows else {}) if n != "epoch"]
        return {n: [float(r[n]) for r in rows if r[n] != ""] for n in names}
