"""Steps and seconds to solve CartPole-v1 with the cartpole-dqn preset, per backend and seed.

    python benchmarks/rl/dqn_cartpole.py --backends tensorflow --seeds 0 1 2 3 4
    python benchmarks/rl/dqn_cartpole.py --backends jax torch --seeds 0

"Solved" means a greedy check of 10 episodes and a confirmation over 100 reached a mean return of
475; the reported eval_return_mean is then measured on 100 further episodes with fresh seeds.
Each run is one `keraslab run` process; rows and medians print as a Markdown table. Anchors:
CleanRL's DQN reaches about 475 after roughly 280,000 steps (90-145 s on a CPU), Stable-Baselines3's
tuned DQN 500 within 50,000 steps. Wall-clock figures on a shared 2-core machine are noisy.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def run_once(preset, backend, seed, runs_dir, extra=()):
    env = {**os.environ, "KERAS_BACKEND": backend}
    command = [sys.executable, "-m", "keraslab", "run", preset, "--backend", backend, "--set", f"seed={seed}",
               "--runs-dir", str(runs_dir), "--json", *[part for item in extra for part in ("--set", item)]]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    from keraslab.training.run_dir import RunDirectory

    run = RunDirectory(result["run_dir"])
    return {**run.facts(), **run.metrics()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="cartpole-dqn")
    parser.add_argument("--backends", nargs="+", default=["tensorflow"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    parser.add_argument("--set", action="append", default=[], help="extra config overrides, key=value")
    args = parser.parse_args()
    from keraslab.bench.ceiling import matmul_gflops

    print(f"float32 ceiling now: {matmul_gflops():.0f} GFLOP/s", flush=True)
    print("| backend | seed | solved at step | train s | eval return (100 fresh) | env steps/s | update ms | "
          "act ms | wall s |")
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory() as runs_dir:
        for backend in args.backends:
            rows = []
            for seed in args.seeds:
                m = run_once(args.preset, backend, seed, runs_dir, args.set)
                rows.append(m)
                acted = max(1, m["env_steps"] - 1000)
                print(f"| {backend} | {seed} | {m.get('steps_to_solve', 'not solved')} | {m['train_seconds']:.1f} | "
                      f"{m['eval_return_mean']:.1f} +- {m['eval_return_std']:.1f} | {m['env_steps_per_second']:.0f} | "
                      f"{1000 * m['update_seconds'] / max(1, m['gradient_steps']):.2f} | "
                      f"{1000 * m['act_seconds'] / acted:.2f} | {m['wall_seconds']:.1f} |", flush=True)
            solved = [r["steps_to_solve"] for r in rows if "steps_to_solve" in r]
            print(f"| {backend} | median of {len(rows)} | "
                  f"{statistics.median(solved) if solved else '-'} ({len(solved)}/{len(rows)} solved) | "
                  f"{statistics.median(r['train_seconds'] for r in rows):.1f} | "
                  f"{statistics.median(r['eval_return_mean'] for r in rows):.1f} | "
                  f"{statistics.median(r['env_steps_per_second'] for r in rows):.0f} | | | |", flush=True)


if __name__ == "__main__":
    main()
