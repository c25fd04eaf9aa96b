"""keraslab runs: past runs, status and key metrics, newest first."""

import functools


def register(subparsers):
    parser = subparsers.add_parser("runs", help="list past runs, newest first")
    parser.add_argument("preset", nargs="?", help="only runs of this preset")
    parser.add_argument("--runs-dir", default="runs")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.api import list_runs

    from pathlib import Path

    from keraslab.errors import KeraslabError

    if Path(args.runs_dir).exists() and not Path(args.runs_dir).is_dir():
        raise KeraslabError(f"--runs-dir '{args.runs_dir}' is a file; give the folder runs were written to.")
    runs = list_runs(args.runs_dir, args.preset)
    if not runs:
        print(f"no runs under {args.runs_dir}" + (f" for {args.preset}" if args.preset else ""))
        return
    for run_dir in runs:
        # The reader never raises on a damaged folder: one bad run must not hide the others.
        metrics = run_dir.metrics()
        targets = _targets(run_dir.preset)
        key = "  ".join(f"{k}={v:.4g}" for k, v in metrics.items() if _is_key_metric(k, v, targets))
        status = run_dir.status()
        detail = "  ".join(part for part in (key, status.get("reason", "")) if part)
        print(f"{run_dir.path}  {status.get('status', 'unknown'):<8}  {detail}")


@functools.lru_cache(maxsize=None)
def _targets(preset):
    from keraslab.config.presets import load_preset, preset_names

    return set(load_preset(preset).expect) if preset in preset_names() else set()


def _is_key_metric(name, value, targets):
    """Test-split and evaluation metrics, and whatever the preset states a target for."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return name.startswith(("test_", "eval_")) or name in targets
