"""The run directory: everything one run leaves behind, and the only reader of it.

    config.yaml   the resolved config            status.json   running | complete | failed | interrupted
    metrics.json  {"metrics": the task's figures, "facts": time, versions, backend, machine}
    history.csv   per-epoch values, one row per (phase, epoch)
    spec.json     what a predictor needs to rebuild inputs (keraslab.training.spec)
    model.keras   the model to use             checkpoints/<phase>/  what resume needs
    plots/ samples/  tensorboard/ (event files, training/tensorboard_log.py)

Writers (the runner and the run context) replace every file atomically, so a killed run never
leaves a file that looks finished. Readers (the CLI, benchmarks, the API, a dashboard) use the
methods here and never file names.
"""

import csv
import datetime
import io
import json
import os
import secrets
import socket
from pathlib import Path

import yaml

from keraslab.data.integrity import atomic_path, write_text_atomic
from keraslab.errors import KeraslabError

FINISHED = ("complete", "failed", "interrupted")
# Read through their own methods (or not for people at all): never listed or served as artifacts.
_CONTRACT_FILES = {"config.yaml", "status.json", "metrics.json", "history.csv", "spec.json", "model.keras"}
_NOT_ARTIFACTS = {"checkpoints", "tensorboard"}  # tensorboard/: event files for TensorBoard, not for a person


class RunDirectory:
    def __init__(self, path):
        self.path = Path(path)

    # -- finding runs -------------------------------------------------------------------------

    @classmethod
    def create(cls, runs_dir, preset_name):
        root = Path(runs_dir)
        if root.exists() and not root.is_dir():
            raise KeraslabError(f"--runs-dir '{root}' is a file; give a folder (it is created if missing).")
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = root / preset_name / f"{stamp}-{secrets.token_hex(3)}"
        try:
            path.mkdir(parents=True)
        except OSError as error:
            raise KeraslabError(f"Cannot create the run folder {path} ({error.strerror}); give a writable "
                                "--runs-dir.") from None
        return cls(path)

    @classmethod
    def existing(cls, path):
        path = Path(path)
        if not (path / "config.yaml").is_file():
            raise KeraslabError(f"'{path}' is not a run directory (no config.yaml). Give a folder from 'keraslab runs'.")
        return cls(path)

    @classmethod
    def all_under(cls, runs_dir, preset=None):
        """Run directories under `runs_dir`, newest first (their names start with a timestamp)."""
        root = Path(runs_dir)
        if not root.is_dir():
            return []
        pattern = f"{preset}/*/config.yaml" if preset else "*/*/config.yaml"
        folders = [p.parent for p in root.glob(pattern) if p.is_file()]
        return [cls(f) for f in sorted(folders, key=lambda f: f.name, reverse=True)]

    @classmethod
    def newest_complete(cls, runs_dir, preset):
        """The newest complete run of `preset` that kept a model, or None."""
        for run in cls.all_under(runs_dir, preset):
            if run.state() == "complete" and run.model_path.is_file():
                return run
        return None

    # -- layout ---------------------------------------------------------------------------------

    def subfolder(self, name):
        folder = self.path / name
        folder.mkdir(parents=True, exist_ok=True)
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

    # -- config ---------------------------------------------------------------------------------

    def write_config(self, config, meta):
        write_text_atomic(self.path / "config.yaml", yaml.safe_dump({**meta, "config": config}, sort_keys=False))

    def read_config(self):
        """{"preset", "backend", "smoke", "config": {...}} as the run saved them."""
        try:
            saved = yaml.safe_load((self.path / "config.yaml").read_text())
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise KeraslabError(f"{self.path / 'config.yaml'} cannot be read ({type(error).__name__}); "
                                "the run folder is damaged.") from None
        if not isinstance(saved, dict) or not isinstance(saved.get("config"), dict):
            raise KeraslabError(f"{self.path / 'config.yaml'} holds no run config; the run folder is damaged.")
        return saved

    @property
    def preset(self):
        try:
            return self.read_config().get("preset") or self.path.parent.name
        except KeraslabError:
            return self.path.parent.name

    def _kind(self):
        """'tune' for a keraslab tune run, None for a training run."""
        try:
            return self.read_config().get("kind")
        except KeraslabError:
            return None

    @property
    def task(self):
        return self.read_config()["config"].get("task")

    # -- status ---------------------------------------------------------------------------------

    def write_status(self, state, reason=None):
        status = {"status": state, "time": datetime.datetime.now().isoformat(timespec="seconds")}
        if state == "running":
            # Who holds the run: a reader tells a live run from one whose process is gone.
            status.update(pid=os.getpid(), host=socket.gethostname())
        if reason:
            status["reason"] = reason
        write_text_atomic(self.path / "status.json", json.dumps(status, indent=2) + "\n")

    def status(self):
        """status.json as a dict; a 'running' run whose process is gone reads as 'interrupted'."""
        try:
            status = json.loads((self.path / "status.json").read_text())
        except (OSError, ValueError):
            return {"status": "unknown"}
        if not isinstance(status, dict):
            return {"status": "unknown"}
        if status.get("status") == "running" and not _alive(status):
            verb = "tune" if self._kind() == "tune" else "run"
            status = {**status, "status": "interrupted",
                      "reason": f"its process is gone; continue with: keraslab {verb} --resume {self.path}"}
        return status

    def state(self):
        return self.status().get("status", "unknown")

    def require_complete(self, verb):
        """Refuse, in one line, to `verb` from a run that did not finish."""
        state = self.state()
        if state != "complete":
            reason = self.status().get("reason")
            raise KeraslabError(f"Run {self.path} is {state}, not complete" + (f" ({reason})" if reason else "")
                                + f"; {verb} needs a complete run (see 'keraslab runs').")

    # -- results --------------------------------------------------------------------------------

    def write_results(self, metrics, facts):
        write_text_atomic(self.path / "metrics.json",
                          json.dumps({"metrics": metrics, "facts": facts}, indent=2, default=float) + "\n")

    def _results(self):
        try:
            saved = json.loads((self.path / "metrics.json").read_text())
        except (OSError, ValueError):
            return {}
        return saved if isinstance(saved, dict) else {}

    def metrics(self):
        """What the task measured (test_<metric>, eval_*, ...): the same dict `keraslab.run` returned."""
        return dict(self._results().get("metrics", {}))

    def facts(self):
        """How the run went: wall and train seconds, samples/s, backend, versions, device, kept model."""
        return dict(self._results().get("facts", {}))

    # -- history --------------------------------------------------------------------------------

    def write_history(self, phases):
        """phases: {phase: {metric: [value per epoch]}} -> history.csv, one row per (phase, epoch)."""
        names = list(dict.fromkeys(name for history in phases.values() for name in history))
        if not names:
            return
        with atomic_path(self.path / "history.csv") as temporary:
            with open(temporary, "w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["phase", "epoch", *names])
                for phase, history in phases.items():
                    epochs = max((len(values) for values in history.values()), default=0)
                    for epoch in range(epochs):
                        writer.writerow(_history_row(phase, history, names, epoch))

    def append_history(self, phase, history, names, count=1):
        """`phase`'s last `count` epochs as rows at the end of a history.csv whose columns are `names`.
        Cheaper than `write_history` once the file is long; a row cut short by a kill is rewritten whole by
        the resumed run's first `write_history`."""
        epochs = max(len(values) for values in history.values())
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for epoch in range(epochs - count, epochs):
            writer.writerow(_history_row(phase, history, names, epoch))
        with open(self.path / "history.csv", "a", newline="") as handle:
            handle.write(buffer.getvalue())  # the rows in one write call, so a reader rarely sees one cut

    def phases(self):
        """{phase: {metric: [value per epoch]}} in the order the phases ran."""
        path = self.path / "history.csv"
        if not path.is_file():
            return {}
        with open(path, newline="") as handle:
            rows = list(csv.DictReader(handle))
        phases = {}
        for row in rows:
            history = phases.setdefault(row.get("phase") or "train", {})
            for name, value in row.items():
                if name not in ("phase", "epoch") and value not in ("", None):
                    history.setdefault(name, []).append(float(value))
        return phases

    def read_history(self):
        """The whole run's history, phases one after another: {metric: [values]}."""
        merged = {}
        for history in self.phases().values():
            for name, values in history.items():
                merged.setdefault(name, []).extend(values)
        return merged

    # -- what the run wrote for people to look at ------------------------------------------------

    def artifacts(self):
        """Relative paths of the files a person looks at (plots/, samples/, reports), sorted; never
        checkpoints, the model or the contract's own files, and never a link that leads out of the run."""
        found = []
        for folder, subfolders, files in os.walk(self.path):
            base = Path(folder).relative_to(self.path)
            if base == Path("."):
                subfolders[:] = [name for name in subfolders if name not in _NOT_ARTIFACTS]
            for file in files:
                name = (base / file).as_posix()
                if name not in _CONTRACT_FILES and self.artifact(name) is not None:
                    found.append(name)
        return sorted(found)

    def artifact(self, name):
        """The file `name` (relative, as artifacts() gives it) inside this run, or None: an absolute path, a
        '..', a hidden name or a link whose target is outside the run folder never resolves."""
        parts = str(name).replace("\\", "/").split("/")
        if not name or str(name).startswith("/") or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
            return None
        try:
            root = self.path.resolve(strict=True)
            found = (root / "/".join(parts)).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not found.is_relative_to(root) or not found.is_file() or parts[0] in _NOT_ARTIFACTS or \
                "/".join(parts) in _CONTRACT_FILES:
            return None
        return found

    # -- what predictors need -------------------------------------------------------------------

    def spec(self):
        from keraslab.training.spec import read_spec

        return read_spec(self.path)


def _history_row(phase, history, names, epoch):
    return [phase, epoch + 1, *(_cell(history.get(n, []), epoch) for n in names)]


def _cell(values, index):
    return values[index] if index < len(values) else ""


def _alive(status):
    """Is the process that wrote a 'running' status still there? Unknown hosts count as alive."""
    if status.get("host") not in (None, socket.gethostname()):
        return True
    pid = status.get("pid")
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except (OSError, IndexError):
        return False
