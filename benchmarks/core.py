"""Core labs side by side: our presets against course-style reference scripts, in one run.

For each lab: time to reach the preset's target, training samples/s, and achieved training
GFLOP/s against the float32 matrix-product ceiling measured at the start of the same run.
Writes docs/benchmarks/core.md.
"""

import argparse
import datetime
import os

from common import REPO, mirror, run_preset, run_script

REFERENCE = REPO / "benchmarks" / "reference"
# preset -> the course-style reference script and its arguments (the target is appended: it is the
# preset's own `expect`, the one owner of every target).
LABS = {
    "quickstart": None,
    "concrete-regression": ("concrete_regression.py", [mirror() / "concrete" / "concrete_data.csv"]),
    "car-classification": None,
    "mnist-dense": ("mnist_course.py", ["dense", mirror() / "mnist"]),
    "mnist-cnn": ("mnist_course.py", ["cnn", mirror() / "mnist"]),
}


def preset_target(preset):
    """(metric, target, direction) from the preset's single `expect` entry."""
    from keraslab.config.presets import load_preset, parse_expectation

    (metric, rule), = load_preset(preset).expect.items()
    op, bound = parse_expectation(rule, preset, metric)
    return metric, bound, "below" if op.startswith("<") else "above"


def achieved_gflops(run_dir, samples_per_second):
    import keras

    from keraslab.bench.flops import training_flops

    model = keras.saving.load_model(os.path.join(run_dir, "model.keras"))
    return training_flops(model) * samples_per_second / 1e9


def main():
    from keraslab.backend import fastest_backend, installed_backends
    from keraslab.bench.ceiling import matmul_gflops

    parser = argparse.ArgumentParser()
    parser.add_argument("--presets", nargs="*", default=list(LABS))
    parser.add_argument("--all-backends", action="store_true", help="every installed backend, not only auto's pick")
    args = parser.parse_args()
    ceiling = matmul_gflops()
    print(f"float32 matmul ceiling: {ceiling:.0f} GFLOP/s", flush=True)
    rows = []
    for preset in args.presets:
        metric, target, direction = preset_target(preset)
        reference = LABS[preset] and (LABS[preset][0], [*LABS[preset][1], target])
        from keraslab.config.presets import load_preset

        backends = installed_backends() if args.all_backends else [fastest_backend(load_preset(preset).task)]
        for backend in backends:
            ours = run_preset(preset, backend)
            if "error" in ours:
                rows.append((preset, backend, "error", ours["error"], "", "", "", ""))
                continue
            flops = achieved_gflops(ours["run_dir"], ours["samples_per_second"])
            met = ours[metric] <= target if direction == "below" else ours[metric] >= target
            rows.append((preset, backend, f"{ours[metric]:.4f}", "yes" if met else "no",
                         f"{ours['wall_seconds']:.0f}", f"{ours['samples_per_second']:,.0f}",
                         f"{flops:.1f} ({100 * flops / ceiling:.0f}%)", ""))
            print(rows[-1], flush=True)
        if reference is not None:
            script, script_args = reference
            backend = backends[0]
            theirs = run_script(REFERENCE / script, script_args, backend)
            if "error" in theirs:
                rows.append((f"{preset} (course-style)", backend, "error", theirs["error"][-80:], "", "", "", ""))
                continue
            reached = theirs["reached"]
            rows.append((f"{preset} (course-style)", backend, f"{theirs['final']:.4f}",
                         f"epoch {reached['epoch']}" if reached else "no", "", "", "",
                         f"{reached['train_seconds']:.0f}" if reached else f"never in {theirs['epochs']} epochs "
                         f"({theirs['train_seconds']:.0f} s)"))
            print(rows[-1], flush=True)
    write_table(rows, ceiling)


def write_table(rows, ceiling):
    lines = [f"# Core labs: time to target ({datetime.date.today()})", "",
             f"Measured by `keraslab bench core` in one run; float32 matmul ceiling measured in the same run: "
             f"**{ceiling:.0f} GFLOP/s**. `wall s` is the whole preset (load, train, evaluate, save, plots).",
             "Course-style references (benchmarks/reference/) evaluate the test split after every epoch to",
             "find when they first meet our target; `reference s` is their training time to that point.", "",
             "| preset | backend | metric | target met | wall s | train samples/s | train GFLOP/s (of ceiling) | reference s to target |",
             "|---|---|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    (REPO / "docs" / "benchmarks").mkdir(parents=True, exist_ok=True)
    (REPO / "docs" / "benchmarks" / "core.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
