"""The custom-training-loop preset on each backend: accuracy of the three ways, and what each costs.

    python benchmarks/custom_training.py [--backends jax,tensorflow,torch] [--set epochs=5 ...]

Each backend runs in a fresh process (Keras picks its backend once per process). Samples/s are the
steady epochs' (the first, which traces and compiles, is left out), read from the run's facts; the
load average is printed beside them, since the machine is shared.
"""

import argparse
import os

from common import run_preset

WAYS = ("fit", "train_step", "from_scratch")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="jax,tensorflow,torch")
    parser.add_argument("--set", action="append", default=[], dest="overrides")
    arguments = parser.parse_args()
    print("| backend | way | train accuracy | test accuracy | samples/s | vs fit | load before, after |\n"
          "|---|---|---|---|---|---|---|")
    for backend in arguments.backends.split(","):
        before = os.getloadavg()[0]
        result = run_preset("custom-training-loop", backend, arguments.overrides)
        after = os.getloadavg()[0]
        if "error" in result:
            print(f"| {backend} | failed: {result['error']} |", flush=True)
            continue
        fit_speed = result["fit_samples_per_second"]
        for way in WAYS:
            speed = result[f"{way}_samples_per_second"]
            print(f"| {backend} | {way.replace('_', '-')} | {result[f'train_{way}_accuracy']:.4f} | "
                  f"{result[f'test_{way}_accuracy']:.4f} | {speed:,.0f} | {speed / fit_speed:.2f}x | "
                  f"{before:.2f}, {after:.2f} |", flush=True)


if __name__ == "__main__":
    main()
