"""keraslab against the tools a user would pick instead, side by side on this machine, in one run.

    keraslab bench peers                          # every section, about 10 minutes on an idle 2-core CPU
    keraslab bench peers --only dqn --seeds 0 1 2 # one section
    keraslab bench peers --only transformer --nanogpt-dir ~/src/nanoGPT

Sections (each peer is its own published recipe, on the same data, in its own process):
  dqn       cartpole-dqn (JAX) against Stable-Baselines3's DQN with rl-baselines3-zoo's CartPole settings
            (recipes/sb3_dqn_cartpole.py): steps and training seconds to solve, per seed, both pinned to
            the same core and run back to back; medians and ratios.
  mnist     mnist-speedrun (the whole command's wall time to its test accuracy) against keras-io's MNIST
            convnet (recipes/keras_io_mnist_convnet.py: seconds until its test accuracy reaches 0.99).
  transformer  shakespeare-transformer (TensorFlow, pinned to core 0) against nanoGPT's CPU recipe
            (recipes/nanogpt_shakespeare_char.py, pinned to core 1), both at the same time: seconds from
            each process's start to validation loss 1.886 (nanoGPT's published figure, nats per character,
            the same 90/10 split of the text), and tokens/s. Needs --nanogpt-dir, your own nanoGPT checkout
            with its shakespeare_char data prepared; skipped with one line without it.
  overhead  the runner's overhead: a fit-based core preset's whole command against a plain Keras script of
            the same model, data and epochs (recipes/plain_keras_twins.py), wall time of each process.
Writes peers.json and peers.md (rows, ratios, load average before and after each section) into --out
(default runs/bench/peers/) and prints where; sections not run this time keep their last result there. Every
process has a time limit; a peer that misses it is reported as such, not waited for.
docs/benchmarks/peers.md is the curated record: runs from several days and hosts, each with its load and what
changed between them, copied there from these results. A run never writes over it, because one run is one
host's one afternoon, and the history of how each figure moved is the evidence.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RECIPES = HERE / "recipes"
SECTIONS = ("dqn", "mnist", "transformer", "overhead")


def load_average():
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def last_json_line(text):
    """The last line of `text` that parses as a JSON object (scripts print their result last)."""
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    raise ValueError("no JSON result line in the output")


def pinned(command, core):
    """`command` pinned to one core with taskset where it exists (and the core is ours), else as is."""
    if core is None or shutil.which("taskset") is None or core not in os.sched_getaffinity(0):
        return command
    return ["taskset", "-c", str(core), *command]


def environment(backend):
    mirror = REPO.parent / "shared" / "data"  # the offline dataset mirror, where the project keeps one
    extra = {"KERASLAB_MIRROR": str(mirror)} if mirror.is_dir() and "KERASLAB_MIRROR" not in os.environ else {}
    return {**os.environ, **extra, "KERAS_BACKEND": backend, "TF_ENABLE_ONEDNN_OPTS": "1", "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}


def timed(command, backend, timeout):
    """Run a process; (its JSON result or an 'error', its wall seconds)."""
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environment(backend),
                              cwd=REPO, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"over its {timeout} s limit"}, time.perf_counter() - started
    wall = time.perf_counter() - started
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["failed"])[-1]
        return {"error": tail[:200]}, wall
    try:
        return last_json_line(done.stdout), wall
    except ValueError as error:
        return {"error": str(error)}, wall


def run_preset(preset, backend, overrides, timeout, core=None):
    """`keraslab run PRESET` in its own process; its metrics and facts, and the command's wall seconds."""
    runs = tempfile.mkdtemp(prefix="peers_runs_")
    command = [sys.executable, "-m", "keraslab", "run", preset, "--backend", backend, "--runs-dir", runs, "--json",
               *[part for item in overrides for part in ("--set", item)]]
    result, wall = timed(pinned(command, core), backend, timeout)
    if "error" in result:
        return {**result, "wall_seconds": wall}
    sys.path.insert(0, str(REPO / "src"))
    from keraslab.training.run_dir import RunDirectory

    run = RunDirectory(result["run_dir"])
    row = {**run.facts(), **run.metrics(), "command_seconds": wall}
    shutil.rmtree(runs, ignore_errors=True)
    return row


def run_recipe(name, args, backend, timeout, core=None):
    result, wall = timed(pinned([sys.executable, str(RECIPES / name), *map(str, args)], core), backend, timeout)
    return {**result, "command_seconds": wall}


def ratio(ours, theirs):
    return None if ours is None or theirs in (None, 0) else ours / theirs


# ---------------------------------------------------------------- sections


def dqn_section(seeds, core, timeout):
    rows = []
    for seed in seeds:
        ours = run_preset("cartpole-dqn", "jax", [f"seed={seed}"], timeout, core)
        theirs = run_recipe("sb3_dqn_cartpole.py", ["--seed", seed, "--max-seconds", timeout - 30], "torch",
                            timeout, core)
        rows.append({"seed": seed,
                     "ours_steps": ours.get("steps_to_solve"), "ours_seconds": ours.get("train_seconds"),
                     "ours_return": ours.get("eval_return_mean"), "ours_error": ours.get("error"),
                     "peer_steps": theirs.get("steps_to_solve"), "peer_seconds": theirs.get("train_seconds"),
                     "peer_return": theirs.get("eval_return_mean"), "peer_error": theirs.get("error")})
    return summarize_dqn(rows)


def summarize_dqn(rows):
    """Medians over seeds; a run that did not solve counts as slower than any that did (its steps and
    seconds are infinite), so the median is 'not solved' (None) when half or more did not."""
    summary = {"rows": rows}
    for side in ("ours", "peer"):
        solved = [r for r in rows if r[f"{side}_steps"] is not None]
        summary[f"{side}_solved"] = len(solved)
        for name, key in (("steps", f"{side}_steps"), ("seconds", f"{side}_seconds")):
            values = [r[key] if r[f"{side}_steps"] is not None else float("inf") for r in rows]
            middle = statistics.median(values) if values else float("inf")
            summary[f"{side}_median_{name}"] = None if middle == float("inf") else middle
    summary["steps_ratio"] = ratio(summary["ours_median_steps"], summary["peer_median_steps"])
    summary["seconds_ratio"] = ratio(summary["ours_median_seconds"], summary["peer_median_seconds"])
    return summary


def mnist_section(timeout):
    ours = run_preset("mnist-speedrun", "tensorflow", [], timeout)
    theirs = run_recipe("keras_io_mnist_convnet.py", ["--target", 0.99, "--max-seconds", timeout - 30],
                        "tensorflow", timeout)
    return {"ours_accuracy": ours.get("test_accuracy"), "ours_seconds": ours.get("command_seconds"),
            "ours_error": ours.get("error"),
            "peer_accuracy": theirs.get("test_accuracy"), "peer_seconds": theirs.get("seconds_to_target"),
            "peer_epochs": theirs.get("epochs_to_target"), "peer_error": theirs.get("error"),
            "seconds_ratio": ratio(ours.get("command_seconds"), theirs.get("seconds_to_target"))}


# shakespeare-transformer trained to nanoGPT's loss and no further. The preset's split, model size and context
# are nanoGPT's already; the overrides set the length of the run: one epoch (the whole cosine in it) of windows
# started every 56 characters, 1.14M tokens against nanoGPT's 1.54M, in batches of 16 (nanoGPT's 12) at twice
# the preset's step size, and no sample written afterwards (nanoGPT writes none). Measured (seed 42): val 1.875;
# windows every 48 characters 1.839, every 64 (no overlap) 1.894; every 64 at rate 0.003 1.937. XLA
# (jit_compile=true): 1.872, and 118.9 CPU s (user + sys) for the whole command against 122.4 without it (pinned, load
# 9-12, 2026-12-02); its train steps are 11-18% cheaper per token, less about 5 CPU s of compiling per step shape.
TRANSFORMER_OVERRIDES = ["epochs=1", "window_stride=56", "batch_size=16", "learning_rate=0.002", "sample_tokens=0",
                         "jit_compile=true"]
TRANSFORMER_TARGET = 1.886  # nanoGPT's README: "gets us a loss of only 1.88"; its run measured 1.886
TRANSFORMER_TIMEOUT = 1800  # each side trains for minutes on one core, many more when the machine is shared


def transformer_section(nanogpt_dir, cores=(0, 1)):
    """Both at once, one core each: ours on cores[0], nanoGPT on cores[1]."""
    results = {}

    def ours():
        results["ours"] = run_preset("shakespeare-transformer", "tensorflow", TRANSFORMER_OVERRIDES,
                                     TRANSFORMER_TIMEOUT, cores[0])

    def theirs():
        results["peer"] = run_recipe("nanogpt_shakespeare_char.py",
                                     ["--nanogpt-dir", nanogpt_dir, "--target", TRANSFORMER_TARGET,
                                      "--max-seconds", TRANSFORMER_TIMEOUT - 30], "torch", TRANSFORMER_TIMEOUT,
                                     cores[1])

    threads = [threading.Thread(target=ours), threading.Thread(target=theirs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ours_result, peer = results["ours"], results["peer"]
    ours_loss = ours_result.get("val_loss")
    # Ours evaluates once, at the end of its run: its whole command is its time to the target, if it reached it.
    ours_seconds = ours_result.get("command_seconds") if ours_loss is not None and ours_loss <= TRANSFORMER_TARGET \
        else None
    return {"target": TRANSFORMER_TARGET, "overrides": " ".join(TRANSFORMER_OVERRIDES), "cores": list(cores),
            "ours_val_loss": ours_loss, "ours_seconds_to_target": ours_seconds,
            "ours_command_seconds": ours_result.get("command_seconds"),
            "ours_cpu_seconds": ours_result.get("process_cpu_seconds"), "peer_cpu_seconds": peer.get("cpu_seconds"),
            "ours_tokens_per_second": ours_result.get("tokens_per_second"), "ours_error": ours_result.get("error"),
            "peer_val_loss": peer.get("val_loss"), "peer_seconds_to_target": peer.get("seconds_to_target"),
            "peer_step_at_target": peer.get("step_at_target"), "peer_command_seconds": peer.get("seconds"),
            "peer_tokens_per_second": peer.get("tokens_per_second"), "peer_evaluations": peer.get("evaluations"),
            "peer_error": peer.get("error"),
            "seconds_ratio": ratio(ours_seconds, peer.get("seconds_to_target")),
            "tokens_per_second_ratio": ratio(ours_result.get("tokens_per_second"), peer.get("tokens_per_second"))}


OVERHEAD_PRESETS = {  # preset: (backend `auto` picks for it, overrides shared with the plain twin)
    "concrete-regression": ("jax", []),
    "car-classification": ("jax", []),
    "mnist-dense": ("tensorflow", ["epochs=3"]),
    "mnist-cnn": ("tensorflow", ["epochs=2"]),
}


def overhead_section(presets, timeout):
    rows = []
    for preset in presets:
        backend, overrides = OVERHEAD_PRESETS[preset]
        ours = run_preset(preset, backend, overrides, timeout)
        twin = run_recipe("plain_keras_twins.py", [preset, *overrides], backend, timeout)
        rows.append({"preset": preset, "backend": backend, "overrides": " ".join(overrides),
                     "ours_seconds": ours.get("command_seconds"), "twin_seconds": twin.get("command_seconds"),
                     "ours_error": ours.get("error"), "twin_error": twin.get("error"),
                     "ours_metric": _headline(ours), "twin_metric": _headline(twin),
                     "overhead": ratio(ours.get("command_seconds"), twin.get("command_seconds"))})
    return {"rows": rows}


def _headline(result):
    for name in ("test_accuracy", "test_mse", "test_loss"):
        if result.get(name) is not None:
            return f"{name} {result[name]:.4f}"
    return None


# ---------------------------------------------------------------- report


def _fmt(value, digits=1):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _times(value):
    return "-" if value is None else f"{value:.2f}x"


def markdown(report):
    lines = [f"# keraslab against its peers ({report['date']})", "",
             f"Command: `{report['command']}`. Machine: {report['machine']}.", ""]
    measured = [f"{name} {report[name]['date']} (`{report[name]['command']}`)" for name in SECTIONS
                if name in report and "date" in report[name]]
    if measured:
        lines += ["Sections measured: " + "; ".join(measured) + ".", ""]
    if "dqn" in report:
        d = report["dqn"]
        lines += ["## CartPole-v1 solved: cartpole-dqn (JAX) vs Stable-Baselines3 DQN, rl-zoo settings",
                  "", (f"Load average before/after: {d['load_before']} / {d['load_after']}; both pinned to core "
                  f"{report['core']}, back to back per seed."), "",
                  "| seed | ours: steps | ours: train s | ours: return | SB3: steps | SB3: train s | SB3: return |",
                  "|---|---|---|---|---|---|---|"]
        for r in d["rows"]:
            lines.append(f"| {r['seed']} | {_fmt(r['ours_steps']) if r['ours_steps'] else r['ours_error'] or 'not solved'}"
                         f" | {_fmt(r['ours_seconds'])} | {_fmt(r['ours_return'])} | "
                         f"{_fmt(r['peer_steps']) if r['peer_steps'] else r['peer_error'] or 'not solved'} | "
                         f"{_fmt(r['peer_seconds'])} | {_fmt(r['peer_return'])} |")
        lines += [(f"| **median** | **{_fmt(d['ours_median_steps'])}** ({d['ours_solved']}/{len(d['rows'])} solved) | "
                  f"**{_fmt(d['ours_median_seconds'])}** | | **{_fmt(d['peer_median_steps'])}** "
                  f"({d['peer_solved']}/{len(d['rows'])} solved) | **{_fmt(d['peer_median_seconds'])}** | |"), "",
                  f"Ours / SB3: steps {_times(d['steps_ratio'])}, training seconds {_times(d['seconds_ratio'])}.", ""]
    if "mnist" in report:
        m = report["mnist"]
        lines += ["## MNIST to 99%: mnist-speedrun vs keras-io's convnet (TensorFlow, 2 cores)", "",
                  f"Load average before/after: {m['load_before']} / {m['load_after']}.", "",
                  "| | test accuracy | seconds |", "|---|---|---|",
                  f"| mnist-speedrun (whole command) | {_fmt(m['ours_accuracy'], 4)} | {_fmt(m['ours_seconds'])} |",
                  (f"| keras-io convnet (training until 0.99) | {_fmt(m['peer_accuracy'], 4)} "
                  f"(epoch {_fmt(m['peer_epochs'])}) | {_fmt(m['peer_seconds'])} |"), "",
                  f"Ours / keras-io: {_times(m['seconds_ratio'])}." +
                  (f" Errors: {m['ours_error'] or ''} {m['peer_error'] or ''}" if m['ours_error'] or m['peer_error'] else ""),
                  ""]
    if "transformer" in report:
        lines += transformer_markdown(report["transformer"])
    if "overhead" in report:
        o = report["overhead"]
        lines += [("## Runner overhead: the whole `keraslab run` against a plain Keras script (same model, data, "
                  "epochs)"), "", f"Load average before/after: {o['load_before']} / {o['load_after']}.", "",
                  "| preset | backend | overrides | keraslab s | plain Keras s | overhead | keraslab | plain |",
                  "|---|---|---|---|---|---|---|---|"]
        for r in o["rows"]:
            lines.append(f"| {r['preset']} | {r['backend']} | {r['overrides'] or '-'} | "
                         f"{_fmt(r['ours_seconds'])} | {_fmt(r['twin_seconds'])} | {_times(r['overhead'])} | "
                         f"{r['ours_metric'] or r['ours_error']} | {r['twin_metric'] or r['twin_error']} |")
        lines.append("")
    return "\n".join(lines)


def transformer_markdown(t):
    lines = ["## Tiny Shakespeare, characters: shakespeare-transformer (TensorFlow) vs nanoGPT's CPU recipe (PyTorch)",
             ""]
    if "skipped" in t:
        return lines + [t["skipped"], ""]
    reached = (f"reached at step {t['peer_step_at_target']}" if t["peer_seconds_to_target"] is not None
               else "not reached")
    return lines + [
        (f"Load average before/after: {t['load_before']} / {t['load_after']}; ours pinned to core {t['cores'][0]}, "
         f"nanoGPT to core {t['cores'][1]}, at the same time. Target: validation loss {t['target']} (nats per "
         f"character, first 90% of the text to train, last 10% to validate). Ours: `--set "
         f"{' --set '.join(t['overrides'].split())}`."), "",
        "| | final val loss | seconds to target | whole command s | its CPU s | tokens/s |", "|---|---|---|---|---|---|",
        (f"| shakespeare-transformer | {_fmt(t['ours_val_loss'], 4)} | {_fmt(t['ours_seconds_to_target'])} | "
         f"{_fmt(t['ours_command_seconds'])} | {_fmt(t.get('ours_cpu_seconds'))} | "
         f"{_fmt(t['ours_tokens_per_second'], 0)} |"),
        (f"| nanoGPT ({reached}) | {_fmt(t['peer_val_loss'], 4)} | {_fmt(t['peer_seconds_to_target'])} | "
         f"{_fmt(t['peer_command_seconds'])} | {_fmt(t.get('peer_cpu_seconds'))} | "
         f"{_fmt(t['peer_tokens_per_second'], 0)} |"), "",
        ("A CPU time well below the whole command's wall time on an idle machine means the process waited (for "
         "a core shared after all, or on itself)."), "",
        (f"Ours / nanoGPT: seconds to target {_times(t['seconds_ratio'])}, tokens/s "
         f"{_times(t['tokens_per_second_ratio'])}. nanoGPT's val loss is its own estimate on 20 random batches of "
         "12 x 64 characters; ours is the whole validation tail.") +
        (f" Errors: {t['ours_error'] or ''} {t['peer_error'] or ''}" if t["ours_error"] or t["peer_error"] else ""),
        ""]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--core", type=int, default=0, help="the core DQN runs are pinned to")
    parser.add_argument("--presets", nargs="+", choices=list(OVERHEAD_PRESETS), default=list(OVERHEAD_PRESETS))
    parser.add_argument("--timeout", type=int, default=180, help="seconds each process may take")
    parser.add_argument("--nanogpt-dir", type=Path,
                        help="your nanoGPT checkout (data/shakespeare_char prepared), for the transformer section")
    parser.add_argument("--out", type=Path, default=REPO / "runs" / "bench" / "peers")
    args = parser.parse_args(argv)
    report = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "core": args.core,
              "command": "keraslab bench peers " + " ".join(argv if argv is not None else sys.argv[1:]),
              "machine": f"{os.cpu_count()} CPUs, {os.uname().machine}"}
    sections = {"dqn": lambda: dqn_section(args.seeds, args.core, args.timeout),
                "mnist": lambda: mnist_section(args.timeout),
                "transformer": lambda: (transformer_section(args.nanogpt_dir) if args.nanogpt_dir else
                                        {"skipped": "Skipped: no --nanogpt-dir given (a nanoGPT checkout with its "
                                                    "shakespeare_char data prepared)."}),
                "overhead": lambda: overhead_section(args.presets, args.timeout)}
    # A section not run this time (or skipped) keeps its last result, so `--only mnist` re-measures one table
    # without wiping the others; each section says when and by which command it was measured.
    previous = json.loads((args.out / "peers.json").read_text()) if (args.out / "peers.json").is_file() else {}
    report.update({name: previous[name] for name in SECTIONS if name in previous})
    for name in args.only:
        before = load_average()
        print(f"{name}: running (load average {before})", flush=True)
        result = sections[name]()
        if "skipped" in result and name in previous and "skipped" not in previous[name]:
            print(f"{name}: {result['skipped']} Its last result is kept.")
            continue
        report[name] = {**result, "load_before": before, "load_after": load_average(), "date": report["date"],
                        "command": report["command"]}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "peers.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / "peers.md").write_text(markdown(report))
    print(markdown(report))
    print(f"wrote {args.out / 'peers.md'} and {args.out / 'peers.json'}")


if __name__ == "__main__":
    main()
