"""Measure training samples/s of each task on every installed backend; rewrite keraslab/backends.yaml.

`--backend auto` reads that file, so the default backend of a task is chosen by measurement.
"""

import argparse
import datetime
import platform

import yaml

from common import REPO, run_preset

# One representative workload per task: (preset, overrides that keep it short).
WORKLOADS = {
    "tabular": ("concrete-regression", ["epochs=20"]),
    "image-classifier": ("mnist-cnn", ["epochs=3", "max_samples=6000"]),
}


def main():
    from keraslab.backend import installed_backends

    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", nargs="*", default=list(WORKLOADS))
    args = parser.parse_args()
    path = REPO / "src" / "keraslab" / "backends.yaml"
    table = (yaml.safe_load(path.read_text()) or {}).get("tasks", {})
    for task in args.tasks:
        preset, overrides = WORKLOADS[task]
        speeds = {}
        for backend in installed_backends():
            result = run_preset(preset, backend, overrides)
            if "samples_per_second" in result:
                speeds[backend] = round(result["samples_per_second"])
            print(f"{task:<18} {backend:<11} {speeds.get(backend, result.get('error'))}", flush=True)
        table[task] = speeds
    header = ("# Training samples/s per task and backend; `--backend auto` picks the fastest installed one.\n"
              "# Regenerate with `keraslab bench backends` (this file is rewritten).\n")
    source = f"measured {datetime.date.today()} on {platform.machine()} with {platform.node() and 'keraslab bench backends'}"
    path.write_text(header + yaml.safe_dump({"source": source, "tasks": table}, sort_keys=True))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
