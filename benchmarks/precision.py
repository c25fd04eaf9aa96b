"""Mixed precision on each backend: samples/s and test accuracy of one preset under each dtype policy.

    python benchmarks/precision.py [--preset mnist-dense] [--backends tensorflow,jax,torch]
                                   [--precisions float32,mixed_float16,mixed_bfloat16] [--set max_samples=6000 ...]

Each run is a fresh process (Keras picks its backend once per process) of `keraslab run PRESET --set
precision=P`, by default 2 epochs on 6,000 training images so that the second, steady epoch is what samples/s
measures (the first traces and compiles). Accuracy does not depend on the machine's load; samples/s does, so
the load average is printed beside every row. A run that passes --timeout seconds is reported as such.
"""

import argparse
import os
import subprocess

from common import run_preset

DEFAULTS = ("epochs=2", "max_samples=6000")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="mnist-dense")
    parser.add_argument("--backends", default="tensorflow,jax,torch")
    parser.add_argument("--precisions", default="float32,mixed_float16,mixed_bfloat16")
    parser.add_argument("--set", action="append", default=[], dest="overrides")
    parser.add_argument("--timeout", type=int, default=900, help="seconds one run may take")
    arguments = parser.parse_args()
    overrides = [*DEFAULTS, *arguments.overrides]
    print(f"{arguments.preset}, --set {' --set '.join(overrides)}\n")
    print("| backend | precision | samples/s | vs float32 | test accuracy | load before, after |\n"
          "|---|---|---|---|---|---|")
    for backend in arguments.backends.split(","):
        baseline = None
        for precision in arguments.precisions.split(","):
            before = os.getloadavg()[0]
            try:
                result = run_preset(arguments.preset, backend, [*overrides, f"precision={precision}"],
                                    timeout=arguments.timeout)
            except subprocess.TimeoutExpired:
                result = {"error": f"did not finish in {arguments.timeout} s"}
            after = os.getloadavg()[0]
            if "error" in result:
                print(f"| {backend} | {precision} | {result['error']} | | | {before:.2f}, {after:.2f} |", flush=True)
                continue
            speed = result["samples_per_second"]
            baseline = speed if precision == "float32" else baseline
            ratio = f"{speed / baseline:.2f}x" if baseline else "n/a"
            print(f"| {backend} | {precision} | {speed:,.0f} | {ratio} | {result['test_accuracy']:.4f} | "
                  f"{before:.2f}, {after:.2f} |", flush=True)


if __name__ == "__main__":
    main()
