"""keraslab show: the fully resolved config with every default."""

from keraslab.commands import add_set_option


def register(subparsers):
    parser = subparsers.add_parser("show", help="print the fully resolved config of a preset or YAML file")
    parser.add_argument("preset", metavar="PRESET|FILE.yaml")
    add_set_option(parser)
    parser.add_argument("--smoke", action="store_true", help="show the config as --smoke runs it")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.api import show

    print(show(args.preset, args.overrides, smoke=args.smoke))
