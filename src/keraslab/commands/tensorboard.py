"""keraslab tensorboard: TensorBoard on 127.0.0.1 over the event files runs wrote (<run>/tensorboard/)."""

from keraslab.commands import bounded_int


def register(subparsers):
    parser = subparsers.add_parser("tensorboard", help="open TensorBoard on runs' event files (default: every run)")
    parser.add_argument("runs", nargs="*", metavar="RUN",
                        help="a run directory, or a preset name for all its runs (default: every run under --runs-dir)")
    parser.add_argument("--runs-dir", default="runs", help="the folder runs were written to (default: runs)")
    parser.add_argument("--port", type=bounded_int(1, 65535), default=6006, help="port (default 6006)")
    parser.set_defaults(handler=handle)


def logdir_spec(runs, runs_dir):
    """TensorBoard's --logdir_spec, 'preset/id:folder,...', for the runs named (every run when none)."""
    import importlib.util
    from pathlib import Path

    from keraslab.errors import KeraslabError
    from keraslab.training.run_dir import RunDirectory
    from keraslab.training.tensorboard_log import FOLDER

    if importlib.util.find_spec("tensorboard") is None:
        raise KeraslabError("The tensorboard package is not installed: pip install 'keraslab[tensorboard]'.")
    spec = []
    for name in runs or [None]:
        if name is not None and Path(name).is_dir():
            run = RunDirectory.existing(name)
            if not _has_events(run.path / FOLDER):
                raise KeraslabError(f"Run '{run.path}' has no TensorBoard event files ({FOLDER}/): it trained "
                                    "nothing, or ran without the tensorboard package installed; run it again.")
            found = [run]
        else:
            found = [run for run in RunDirectory.all_under(runs_dir, preset=name) if _has_events(run.path / FOLDER)]
            if not found:
                what = f"preset or run directory '{name}'" if name else "any run"
                raise KeraslabError(f"No TensorBoard event files of {what} under --runs-dir '{runs_dir}'; give a run "
                                    "directory or a preset name from 'keraslab runs'.")
        spec.extend(f"{run.path.parent.name}/{run.path.name}:{(run.path / FOLDER).resolve()}" for run in found)
    return ",".join(spec)


def _has_events(folder):
    return folder.is_dir() and any(folder.rglob("events.out.tfevents*"))


def handle(args):
    import sys

    spec = logdir_spec(args.runs, args.runs_dir)
    from tensorboard.main import run_main

    print(f"TensorBoard of {spec.count(',') + 1} run(s) on http://127.0.0.1:{args.port}/ (Ctrl-C stops it)", flush=True)
    sys.argv = ["tensorboard", "--logdir_spec", spec, "--host", "127.0.0.1", "--port", str(args.port)]
    run_main()
