"""Resident memory of one tuning worker after 3 and after 30 small trials (issue 15: bounded memory).

Each trial is a whole keraslab run in the worker's process; between trials the worker clears Keras's
session and collects garbage. This runs one worker in this process: 3 trials, reads VmRSS, raises the
plan to 30, runs the other 27, reads VmRSS again.

    PYTHONPATH=src python benchmarks/tuning/memory.py --backend jax [--preset quickstart] [--runs-dir /tmp/x]
"""

import argparse
import json
import tempfile
import time


def rss_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main():
    from keraslab.tuning.study import Tune, prepare, work

    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default="jax")
    parser.add_argument("--preset", default="concrete-regression")
    parser.add_argument("--set", dest="overrides", action="append", default=["epochs=5"])
    parser.add_argument("--search", action="append",
                        default=["learning_rate=log:1e-4..1e-2", "hidden_units=cat:32|64,32|128,64"])
    parser.add_argument("--runs-dir", default=None)
    args = parser.parse_args()
    runs_dir = args.runs_dir or tempfile.mkdtemp(prefix="tune-memory-")
    settings, chosen, _, _ = prepare(args.preset, args.search, args.overrides, trials=3, pruner="none",
                                     backend=args.backend, runs_dir=runs_dir)
    tune = Tune.create(settings, chosen.name)
    readings = {"before": rss_mib()}
    started = time.time()
    work(tune)
    readings["after_3"] = rss_mib()
    tune.settings.trials = 30
    work(tune)
    readings["after_30"] = rss_mib()
    load = open("/proc/loadavg").read().split()[:3]
    print(json.dumps({"preset": args.preset, "overrides": args.overrides, "backend": args.backend,
                      "rss_mib": {k: round(v) for k, v in readings.items()},
                      "growth_3_to_30_mib": round(readings["after_30"] - readings["after_3"]),
                      "seconds": round(time.time() - started), "loadavg": load, "tune_run": str(tune.run_dir.path)}))


if __name__ == "__main__":
    main()
