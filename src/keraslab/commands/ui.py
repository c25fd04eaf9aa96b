"""keraslab ui: a local web dashboard of your runs (curves, pictures, lab sheets, comparisons, try-it)."""

from keraslab.commands import bounded_int


def register(subparsers):
    parser = subparsers.add_parser("ui", help="a local web dashboard of your runs, on http://127.0.0.1:8765/")
    parser.add_argument("--runs-dir", default="runs", help="the folder runs were written to (default: runs)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; others are warned about)")
    parser.add_argument("--port", type=bounded_int(1, 65535), default=8765, help="port (default 8765)")
    parser.set_defaults(handler=handle)


def handle(args):
    from pathlib import Path

    from keraslab.commands.serve import _server_modules
    from keraslab.errors import KeraslabError

    runs_dir = Path(args.runs_dir)
    if runs_dir.exists() and not runs_dir.is_dir():
        raise KeraslabError(f"--runs-dir '{runs_dir}' is a file; give the folder runs were written to.")
    server = _server_modules()
    from keraslab.serving.dashboard import build_dashboard

    server.serve(build_dashboard(runs_dir), args.host, args.port, f"the dashboard of {runs_dir.resolve()}")
