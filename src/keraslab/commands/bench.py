"""keraslab bench NAME: run a benchmark script from the source checkout's benchmarks/ folder.

Benchmarks are scripts, not library code: `benchmarks/NAME.py`, or `benchmarks/AREA/SCRIPT.py` run as
`keraslab bench AREA/SCRIPT` (or `keraslab bench AREA` when the area has one script).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

from keraslab.errors import KeraslabError


def register(subparsers):
    parser = subparsers.add_parser("bench", help="run a benchmark (core, backends, ...) from benchmarks/")
    parser.add_argument("name", nargs="?", default="core", help="benchmark name (default: core)")
    # REMAINDER: the script's own options (--only dqn) pass through instead of being refused here.
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the benchmark script")
    parser.set_defaults(handler=handle)


def benchmarks_folder():
    candidates = [Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[3]]
    for folder in candidates:
        if (folder / "benchmarks" / "common.py").exists():
            return folder / "benchmarks"
    raise KeraslabError("No benchmarks/ folder found: keraslab bench runs from a source checkout "
                        "(git clone the repository and run it there).")


def handle(args):
    folder = benchmarks_folder()
    scripts = {p.stem: p for p in folder.glob("*.py") if p.stem != "common"}
    for area in (p for p in folder.iterdir() if p.is_dir() and p.name != "reference"):
        members = sorted(area.glob("*.py"))
        scripts.update({f"{area.name}/{p.stem}": p for p in members})
        if len(members) == 1:  # an area with one script answers to its own name
            scripts[area.name] = members[0]
    if args.name not in scripts:
        raise KeraslabError(f"Unknown benchmark '{args.name}'. Available: {', '.join(sorted(scripts))}.")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, str(scripts[args.name]), *args.args], env=env, cwd=folder).returncode
