"""RunResult: what `keraslab.run` returns and `keraslab.load_run` reads back, the same either way."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RunResult:
    run_dir: Path  # None in a process of a data-parallel group other than process 0, which writes the run
    status: str
    metrics: dict
    history: dict = field(default_factory=dict)
    _model: object = None
    facts: dict = field(default_factory=dict)

    @property
    def model(self):
        """The saved model, loaded on first use."""
        if self._model is None and self.run_dir is not None and (self.run_dir / "model.keras").exists():
            from keraslab.registration import load_model

            self._model = load_model(self.run_dir / "model.keras")
        return self._model

    def to_json(self):
        return {"run_dir": None if self.run_dir is None else str(self.run_dir), "status": self.status, "metrics": self.metrics}
