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
    from keraslab.bench.ceiling import matmul_gflops

    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", nargs="*", default=list(WORKLOADS))
    args = parser.parse_args()
    path = REPO / "src" / "keraslab" / "backends.yaml"
    saved = yaml.safe_load(path.read_text()) or {}
    table = saved.get("tasks", {})
    ceiling = matmul_gflops()
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
    source = (f"keraslab bench backends, {datetime.date.today()}, {platform.machine()}, "
              f"float32 matmul ceiling {ceiling:.0f} GFLOP/s in the same run")
    # `units` says what each task's figure counts (samples, windows, environment steps); kept as written.
    document = {"source": source, "units": saved.get("units", {}), "tasks": table}
    path.write_text(header + yaml.safe_dump(document, sort_keys=False))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
