"""Run every preset in --smoke mode on one backend, in this process; print one JSON line per preset.

The contract test starts one of these per installed backend, because Keras picks its backend once
per process. With --resume-check, each preset then runs again, is stopped dead right after its
first checkpoint (as SIGKILL would stop it: no handler runs, status stays 'running'), and is
resumed; the row says whether the resumed run ended where the uninterrupted one did. With
--resume-check=selected, only the presets tests/helpers/resume_checks.py picks for this backend are.
"""

import json
import sys
import time
import traceback
from pathlib import Path

import numpy as np

from tests.helpers.kill import SimulatedKill, kill_after_checkpoints, mark_dead


def main(backend, runs_dir, names, resume_check=()):
    """resume_check: the names among `names` to kill and resume as well."""
    import keraslab
    from keraslab.config.presets import load_preset

    for name in names:
        preset = load_preset(name)
        started, cpu_started = time.perf_counter(), time.process_time()
        if backend not in preset.backends:
            print(json.dumps({"preset": name, "skipped": preset.backends_why or "backend not supported"}), flush=True)
            continue
        try:
            result = keraslab.run(name, smoke=True, backend=backend, runs_dir=runs_dir, quiet=True)
            row = {"preset": name, "status": result.status, "run_dir": str(result.run_dir),
                   "metrics": result.metrics}
            if name in resume_check:
                row["resume"] = check_resume(name, backend, Path(runs_dir) / "resumed", result)
        except Exception as error:  # report every preset, not only the first failure
            row = {"preset": name, "error": f"{type(error).__name__}: {error}",
                   "traceback": traceback.format_exc()[-3000:]}
        row["seconds"] = round(time.perf_counter() - started, 2)
        row["cpu_seconds"] = round(time.process_time() - cpu_started, 2)  # every thread's: the suite's budget is CPU
        print(json.dumps(row, default=float), flush=True)


def check_resume(name, backend, runs_dir, straight):
    """Run `name` again, kill it after its first checkpoint, resume it; compare with `straight`."""
    import keraslab

    with kill_after_checkpoints(1):
        try:
            keraslab.run(name, smoke=True, backend=backend, runs_dir=runs_dir, quiet=True)
            return {"interrupted": False}
        except SimulatedKill:
            interrupted = max(Path(runs_dir, name).iterdir())
    status = json.loads((interrupted / "status.json").read_text())
    left_running = status["status"] == "running" and not (interrupted / "metrics.json").exists()
    mark_dead(interrupted)
    resumed = keraslab.run(resume=str(interrupted), quiet=True)
    return {"interrupted": True, "left_running": left_running, "status": resumed.status,
            "same_keys": sorted(resumed.metrics) == sorted(straight.metrics),
            "metrics_difference": _largest_difference(resumed.metrics, straight.metrics),
            "history_difference": _largest_difference(_history(interrupted), _history(straight.run_dir)),
            "weights_difference": _weights_difference(resumed.model, straight.model)}


def _history(run_dir):
    from keraslab.training.run_dir import RunDirectory

    return {f"{phase}/{name}": values for phase, history in RunDirectory(run_dir).phases().items()
            for name, values in history.items()}


def _largest_difference(first, second):
    """The largest relative difference between two {name: number or [numbers]}; inf when shapes differ."""
    if sorted(first) != sorted(second):
        return float("inf")
    largest = 0.0
    for name in first:
        a, b = np.atleast_1d(np.asarray(first[name], dtype="float64")), np.atleast_1d(np.asarray(second[name], dtype="float64"))
        if a.shape != b.shape:
            return float("inf")
        scale = np.maximum(np.abs(b), 1e-8)
        largest = max(largest, float(np.max(np.abs(a - b) / scale, initial=0.0)))
    return largest


def _weights_difference(first, second):
    """The largest absolute difference between two models' weights (0.0 when there are no models)."""
    if first is None or second is None:
        return 0.0 if first is second else float("inf")
    a, b = first.get_weights(), second.get_weights()
    if [x.shape for x in a] != [y.shape for y in b]:
        return float("inf")
    return max((float(np.max(np.abs(x.astype("float64") - y), initial=0.0)) for x, y in zip(a, b)), default=0.0)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    flags = [a for a in arguments if a.startswith("--resume-check")]
    backend, runs_dir, *names = [a for a in arguments if a not in flags]
    checked = set()
    if "--resume-check" in flags:
        checked = set(names)
    elif "--resume-check=selected" in flags:
        from tests.helpers.resume_checks import resume_checked_backends

        checked = {name for name, backends in resume_checked_backends().items() if backend in backends}
    main(backend, runs_dir, names, resume_check=checked)
