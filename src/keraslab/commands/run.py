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
    parser.add_argument("--coordinator", default=None, metavar="HOST:PORT",
                        help="with --distribute across machines: process 0's address (else $KERAS_DISTRIBUTION_JOB_ADDRESSES)")
    parser.add_argument("--num-processes", type=int, default=None, help="processes in all (across machines)")
    parser.add_argument("--process-id", type=int, default=None, help="this process's number, 0 on the coordinator")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.api import run
    from keraslab.errors import ConfigError

    if args.resume is None and args.preset is None:
        raise ConfigError("keraslab run needs a PRESET (see keraslab list), a FILE.yaml, or --resume RUN_DIR.")
    result = run(args.preset, overrides=args.overrides, backend=args.backend, runs_dir=args.runs_dir,
                 smoke=args.smoke, quiet=args.quiet or args.json, resume=args.resume, distribute=_distribute(args))
    if args.json:
        print(json.dumps(result.to_json(), default=float))
    elif not args.quiet:
        shown = {k: round(v, 4) for k, v in result.metrics.items() if isinstance(v, float)}
        print(f"{result.status}: {result.run_dir}\n{shown}")


def _distribute(args):
    from keraslab.errors import ConfigError

    joined = {"coordinator": args.coordinator, "num_processes": args.num_processes, "process_id": args.process_id}
    if args.distribute is None:
        given = next((name for name, value in joined.items() if value is not None), None)
        if given:
            raise ConfigError(f"--{given.replace('_', '-')} joins a distributed run; add --distribute data-parallel.")
        return None
    return {"mode": args.distribute, **{k: v for k, v in joined.items() if v is not None}}
