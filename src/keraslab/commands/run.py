"""keraslab run: train, evaluate, save, plot."""

import json

from keraslab.commands import add_set_option, bounded_int


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
    across = parser.add_argument_group("data-parallel across processes or machines (docs/tuning.md; or Keras's "
                                       "KERAS_DISTRIBUTION_JOB_ADDRESSES, _NUM_PROCESSES, _PROCESS_ID)")
    across.add_argument("--coordinator", metavar="HOST:PORT", default=None,
                        help="process 0's address and a free port, the same on every process")
    across.add_argument("--num-processes", type=bounded_int(1), default=None, metavar="N",
                        help="how many processes train together")
    across.add_argument("--process-id", type=bounded_int(0), default=None, metavar="I",
                        help="this process's number, 0 to N-1; process 0 writes the run folder")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.api import run
    from keraslab.errors import ConfigError

    if args.resume is None and args.preset is None:
        raise ConfigError("keraslab run needs a PRESET (see keraslab list), a FILE.yaml, or --resume RUN_DIR.")
    result = run(args.preset, overrides=args.overrides, backend=args.backend, runs_dir=args.runs_dir,
                 smoke=args.smoke, quiet=args.quiet or args.json, resume=args.resume, distribute=args.distribute,
                 coordinator=args.coordinator, num_processes=args.num_processes, process_id=args.process_id)
    if args.json:
        print(json.dumps(result.to_json(), default=float))
    elif result.run_dir is None:  # a process of a group other than process 0: it wrote nothing
        facts = result.facts.get("distribution", {})
        print(f"{result.status}: process {facts.get('process_id')} of {facts.get('processes')}; process 0 "
              "wrote the run folder")
    elif not args.quiet:
        shown = {k: round(v, 4) for k, v in result.metrics.items() if isinstance(v, float)}
        print(f"{result.status}: {result.run_dir}\n{shown}")

