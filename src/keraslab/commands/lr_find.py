"""keraslab lr-find: the learning-rate range test on a preset, and the rate it suggests."""

import json

from keraslab.commands import add_set_option, bounded_float, bounded_int


def register(subparsers):
    parser = subparsers.add_parser("lr-find", help="learning-rate range test: loss against a growing learning rate, "
                                                   "and a suggested rate")
    parser.add_argument("preset", metavar="PRESET|FILE.yaml")
    add_set_option(parser)
    parser.add_argument("--steps", type=bounded_int(10, 10_000), default=100, help="training steps (default 100)")
    parser.add_argument("--start", type=bounded_float(0, low_exclusive=True), default=1e-7,
                        help="first learning rate (default 1e-7)")
    parser.add_argument("--end", type=bounded_float(0, low_exclusive=True), default=10.0,
                        help="last learning rate (default 10)")
    parser.add_argument("--backend", default=None, help="tensorflow, jax, torch or auto")
    parser.add_argument("--runs-dir", default="runs", help="where run directories go (default: runs)")
    parser.add_argument("--quiet", action="store_true", help="no explanations")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line, last")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.training.lr_find import find_learning_rate

    result = find_learning_rate(args.preset, args.overrides, backend=args.backend, runs_dir=args.runs_dir,
                                steps=args.steps, start=args.start, end=args.end, quiet=args.quiet or args.json)
    if args.json:
        print(json.dumps(result.to_json(), default=float))
    elif not args.quiet:
        print(f"{result.status}: {result.run_dir}\nsuggested learning_rate: "
              f"{result.metrics['suggested_learning_rate']:.3g} (--set learning_rate=...)")
