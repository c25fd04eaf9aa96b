"""keraslab run: train, evaluate, save, plot."""

import json

from keraslab.commands import add_set_option


def register(subparsers):
    parser = subparsers.add_parser("run", help="run a preset or YAML config")
    parser.add_argument("preset", nargs="?", metavar="PRESET|FILE.yaml")
    add_set_option(parser)
    parser.add_argument("--backend", default=None, help="tensorflow, jax, torch or auto (default: "
                        "$KERAS_BACKEND, else the fastest measured for the task)")
    parser.add_argument("--runs-dir", default="runs", help="where run directories go (default: runs)")
    parser.add_argument("--smoke", action="store_true", help="the whole pipeline on a tiny slice, in seconds")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or explanations")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line, last")
    parser.add_argument("--resume", metavar="RUN_DIR", help="continue an interrupted run from its last checkpoint")
    parser.add_argument("--distribute", choices=("data-parallel",), default=None,
                        help="split each batch over every visible device (JAX; see docs/tuning.md)")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.api import run
    from keraslab.errors import ConfigError

    if args.resume is None and args.preset is None:
        raise ConfigError("keraslab run needs a PRESET (see keraslab list), a FILE.yaml, or --resume RUN_DIR.")
    result = run(args.preset, overrides=args.overrides, backend=args.backend, runs_dir=args.runs_dir,
                 smoke=args.smoke, quiet=args.quiet or args.json, resume=args.resume, distribute=args.distribute)
    if args.json:
        print(json.dumps(result.to_json(), default=float))
    elif not args.quiet:
        shown = {k: round(v, 4) for k, v in result.metrics.items() if isinstance(v, float)}
        print(f"{result.status}: {result.run_dir}\n{shown}")

