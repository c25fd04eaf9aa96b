"""keraslab sweep PRESET --set key=v1,v2 [--set other=a,b]: run every combination, print and save the table.

Alternatives are separated by commas; for list-valued keys (conv_filters, augmentation, ...) by `|`,
because a comma already separates a list's items: --set augmentation="flip|flip,shear".
"""

from keraslab.commands import add_set_option


def register(subparsers):
    parser = subparsers.add_parser("sweep", help="run a preset over a grid of --set values and tabulate the metrics")
    parser.add_argument("preset", metavar="PRESET|FILE.yaml")
    add_set_option(parser)
    parser.add_argument("--backend", default=None, help="tensorflow, jax, torch or auto")
    parser.add_argument("--runs-dir", default="runs", help="where run directories and the table go (default: runs)")
    parser.add_argument("--smoke", action="store_true", help="every combination on a tiny slice, in seconds")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.sweeps.grid import run_sweep

    table = run_sweep(args.preset, args.overrides, backend=args.backend, runs_dir=args.runs_dir, smoke=args.smoke,
                      quiet=args.quiet)
    print(table.markdown())
    print(f"saved: {table.saved_to}")
