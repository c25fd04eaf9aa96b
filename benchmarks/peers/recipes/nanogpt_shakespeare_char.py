"""nanoGPT's CPU recipe for character-level Tiny Shakespeare (its README, "I only have a macbook"), timed until
its validation loss reaches a target.

    python benchmarks/peers/recipes/nanogpt_shakespeare_char.py --nanogpt-dir ~/src/nanoGPT --target 1.886

--nanogpt-dir is the user's own checkout of https://github.com/karpathy/nanoGPT (keraslab ships none of its
code) with its data prepared: data/shakespeare_char/train.bin and val.bin, written by that folder's
prepare.py (first 90% of input.txt to train, last 10% to validation, one token per character). The recipe
runs nanoGPT's train.py as published:

    config/train_shakespeare_char.py --device=cpu --compile=False --eval_iters=20 --log_interval=1
    --block_size=64 --batch_size=12 --n_layer=4 --n_head=4 --n_embd=128 --max_iters=2000
    --lr_decay_iters=2000 --dropout=0.0

with only its checkpoints sent to a temporary folder. It evaluates every 250 iterations on 20 random batches
of each split (val loss: cross-entropy in nats per character). seconds_to_target counts from this process's
start (imports and data included, as a whole `keraslab run` is timed) to the first evaluation at or below
--target; cpu_seconds is the CPU time of this process and nanoGPT's, all threads; tokens_per_second is 12 x 64 tokens over the median iteration time nanoGPT prints. Prints one JSON
line.
"""

import time

STARTED = time.perf_counter()

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RECIPE = ["config/train_shakespeare_char.py", "--device=cpu", "--compile=False", "--eval_iters=20",
          "--log_interval=1", "--block_size=64", "--batch_size=12", "--n_layer=4", "--n_head=4", "--n_embd=128",
          "--max_iters=2000", "--lr_decay_iters=2000", "--dropout=0.0"]
TOKENS_PER_ITERATION = 12 * 64
EVALUATION = re.compile(r"^step (\d+): train loss ([\d.]+), val loss ([\d.]+)")
ITERATION = re.compile(r"^iter (\d+): loss ([\d.]+), time ([\d.]+)ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nanogpt-dir", type=Path, required=True, help="your nanoGPT checkout, data prepared")
    parser.add_argument("--target", type=float, default=1.886)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args()
    folder = args.nanogpt_dir.expanduser().resolve()
    if not (folder / "train.py").is_file():
        sys.exit(f"--nanogpt-dir {folder} holds no train.py: give the folder of a nanoGPT checkout.")
    if not (folder / "data" / "shakespeare_char" / "val.bin").is_file():
        sys.exit(f"{folder}/data/shakespeare_char/val.bin is missing: put Tiny Shakespeare's input.txt in that "
                 "folder and run its prepare.py first.")

    evaluations, iteration_ms, reached = [], [], None
    with tempfile.TemporaryDirectory(prefix="nanogpt_out_") as out:
        process = subprocess.Popen([sys.executable, "-u", "train.py", *RECIPE, f"--out_dir={out}"], cwd=folder,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in process.stdout:
            now = time.perf_counter() - STARTED
            if (match := EVALUATION.match(line)):
                step, val = int(match[1]), float(match[3])
                evaluations.append({"step": step, "train_loss": float(match[2]), "val_loss": val,
                                    "seconds": round(now, 1)})
                if reached is None and val <= args.target:
                    reached = evaluations[-1]
            elif (match := ITERATION.match(line)) and int(match[1]) > 0:  # iteration 0 includes warm-up
                iteration_ms.append(float(match[3]))
            if now > args.max_seconds:
                process.kill()
                break
        process.wait()
    total = time.perf_counter() - STARTED
    if not evaluations:
        sys.exit(f"nanoGPT printed no evaluation (exit status {process.returncode}); run its train.py by hand.")
    print(json.dumps({
        "target": args.target, "reached": reached is not None,
        "seconds_to_target": reached["seconds"] if reached else None,
        "step_at_target": reached["step"] if reached else None,
        "val_loss": evaluations[-1]["val_loss"], "steps": evaluations[-1]["step"],
        "tokens_per_second": TOKENS_PER_ITERATION / (statistics.median(iteration_ms) / 1000) if iteration_ms else None,
        "seconds": round(total, 1), "cpu_seconds": cpu_seconds(), "evaluations": evaluations}))


def cpu_seconds():
    """User and system CPU of this process and of train.py (waited for), every thread: beside the wall time it
    shows whether the core was busy with this work or waiting."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
