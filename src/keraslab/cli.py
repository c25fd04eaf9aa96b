"""The `keraslab` command. Each subcommand lives in keraslab.commands, one module per verb.

Bad input ends with one line on stderr and exit status 2; no traceback.
"""

import argparse
import importlib
import pkgutil
import sys

from keraslab.errors import KeraslabError, one_line


def build_parser():
    from keraslab import commands

    parser = argparse.ArgumentParser(prog="keraslab", description="A deep-learning curriculum, one command per lab.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}").register(subparsers)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args) or 0
    except KeraslabError as error:
        print(f"keraslab: error: {one_line(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("keraslab: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
