"""One module per `keraslab` verb, each with `register(subparsers)` setting a `handler`."""


def add_set_option(parser):
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a config key (repeatable), e.g. --set epochs=3")


def bounded_int(low=None, high=None):
    """An argparse type: an integer within [low, high], refused on the command line with one line."""
    import argparse

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got '{text}'") from None
        if (low is not None and value < low) or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"expected {_range_text(low, high)}, got {value}")
        return value

    return parse


def bounded_float(low=None, high=None, low_exclusive=False):
    """An argparse type: a finite number within [low, high] (NaN and infinity refused)."""
    import argparse
    import math

    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got '{text}'") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"expected a finite number, got '{text}'")
        if (low is not None and (value < low or (low_exclusive and value == low))) or \
                (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"expected {_range_text(low, high, low_exclusive)}, got {value:g}")
        return value

    return parse


def seed_type():
    from keraslab.config.schema import MAX_SEED

    return bounded_int(0, MAX_SEED)


def _range_text(low, high, low_exclusive=False):
    parts = ([f"{'>' if low_exclusive else '>='} {low}"] if low is not None else []) + \
            ([f"<= {high}"] if high is not None else [])
    return " and ".join(parts)


def check_output_file(path, option):
    """The folder of an output file exists and is writable, checked before any work is done."""
    from pathlib import Path

    from keraslab.preflight import check_writable_folder

    path = Path(path)
    if path.is_dir():
        from keraslab.errors import DataError

        raise DataError(f"{option} '{path}' is a folder; give a file name, e.g. {path / 'out'}.")
    if not path.parent.is_dir():
        from keraslab.errors import DataError

        raise DataError(f"{option} '{path}': folder '{path.parent}' does not exist. Create it first "
                        f"(mkdir -p {path.parent}) or choose another path.")
    check_writable_folder(path.parent, option)
