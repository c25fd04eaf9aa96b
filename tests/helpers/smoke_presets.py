"""Run every preset in --smoke mode on one backend, in this process; print one JSON line per preset.

The contract test starts one of these per installed backend, because Keras picks its backend once
per process. With --resume-check, each preset then runs again, is stopped dead right after its
first checkpoint (as SIGKILL would stop it: no handler runs, status stays 'running'), and is
resumed; the row says whether the resumed run ended where the uninterrupted one did.
"""

import json
import subprocess
import sys
import time
import traceback
from pathlib import Path

import numpy as np


class SimulatedKill(BaseException):
    """Raised right after a checkpoint is written; not an Exception, so no handler of keraslab's sees it."""


def main(backend, runs_dir, names, resume_check=False):
    import keraslab
    from keraslab.config.presets import load_preset

    for name in names:
        preset = load_preset(name)
        started = time.perf_counter()
        if backend not in preset.backends:
            print(json.dumps({"preset": name, "skipped": preset.backends_why or "backend not supported"}), flush=True)
            continue
        try:
            result = keraslab.run(name, smoke=True, backend=backend, runs_dir=runs_dir, quiet=True)
            row = {"preset": name, "status": result.status, "run_dir": str(result.run_dir),
                   "metrics": result.metrics}
            if resume_check:
                row["resume"] = check_resume(name, backend, Path(runs_dir) / "resumed", result)
        except Exception as error:  # report every preset, not only the first failure
            row = {"preset": name, "error": f"{type(error).__name__}: {error}",
                   "traceback": traceback.format_exc()[-3000:]}
        row["seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps(row, default=float), flush=True)


def check_resume(name, backend, runs_dir, straight):
    """Run `name` again, kill it after its first checkpoint, resume it; compare with `straight`."""
    import keraslab
    from keraslab.training import checkpoints

    def kill(*args):
        raise SimulatedKill

    original = checkpoints._maybe_exit_for_test
    checkpoints._maybe_exit_for_test = kill
    try:
        keraslab.run(name, smoke=True, backend=backend, runs_dir=runs_dir, quiet=True)
        interrupted = None
    except SimulatedKill:
        interrupted = max(Path(runs_dir, name).iterdir())
    finally:
        checkpoints._maybe_exit_for_test = original
    if interrupted is None:
        return {"interrupted": False}
    status = json.loads((interrupted / "status.json").read_text())
    left_running = status["status"] == "running" and not (interrupted / "metrics.json").exists()
    _as_if_the_process_died(interrupted, status)
    resumed = keraslab.run(resume=str(interrupted), quiet=True)
    return {"interrupted": True, "left_running": left_running, "status": resumed.status,
            "same_metrics": resumed.metrics == straight.metrics,
            "metrics": resumed.metrics,
            "same_history": _history(interrupted) == _history(straight.run_dir),
            "same_weights": _same_weights(resumed.model, straight.model)}


def _as_if_the_process_died(run_dir, status):
    """The killed run's status names this (still living) process; point it at a finished one."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    status["pid"] = gone.pid
    (run_dir / "status.json").write_text(json.dumps(status))


def _history(run_dir):
    path = Path(run_dir) / "history.csv"
    return path.read_text() if path.exists() else None


def _same_weights(first, second):
    if first is None or second is None:
        return first is second
    a, b = first.get_weights(), second.get_weights()
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    check = "--resume-check" in arguments
    arguments = [a for a in arguments if a != "--resume-check"]
    main(arguments[0], arguments[1], arguments[2:], resume_check=check)
