"""Wall time of one fixed trial budget with 1 and with 2 tuning workers (issue 15: parallel tuning).

    PYTHONPATH=src python benchmarks/tuning/workers.py [--trials 8] [--backend jax]

Runs `keraslab tune concrete-regression` twice (pruning off, so both do the same work) and prints the
wall seconds of each, their ratio and the load average before and after. On a machine shared with
other jobs the ratio says as much about them as about keraslab: read it with the load.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time


def timed(workers, trials, backend, runs_dir):
    command = [sys.executable, "-m", "keraslab", "tune", "concrete-regression", "--trials", str(trials),
               "--workers", str(workers), "--pruner", "none", "--backend", backend, "--quiet",
               "--runs-dir", runs_dir, "--set", "epochs=20",
               "--search", "learning_rate=log:1e-4..1e-2", "--search", "hidden_units=cat:32|64,32|128,64"]
    load = open("/proc/loadavg").read().split()[0]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {"workers": workers, "seconds": round(time.perf_counter() - started, 1), "load_before": load,
            "load_after": open("/proc/loadavg").read().split()[0]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--backend", default="jax")
    args = parser.parse_args()
    runs_dir = tempfile.mkdtemp(prefix="tune-workers-")
    one = timed(1, args.trials, args.backend, runs_dir)
    two = timed(2, args.trials, args.backend, runs_dir)
    print(json.dumps({"trials": args.trials, "backend": args.backend, "one": one, "two": two,
                      "ratio_two_over_one": round(two["seconds"] / one["seconds"], 3)}))


if __name__ == "__main__":
    main()
