"""The `keraslab` command. Each subcommand lives in keraslab.commands, one module per verb.

Exit statuses:
    0    done
    2    bad input (config, data, files, command line): one line on stderr naming the thing and the fix
    1    an internal error (a bug in keraslab): one line saying so and where the traceback was saved
    130  interrupted
"""

import argparse
import contextlib
import datetime
import importlib
import os
import pkgutil
import sys
import tempfile
import traceback
import warnings

from keraslab.errors import KeraslabError, one_line


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line like every other bad input (argparse prints two)."""

    def error(self, message):
        self.exit(2, f"keraslab: error: {one_line(message)} (see {self.prog} --help)\n")


def build_parser():
    from keraslab import commands

    parser = _Parser(prog="keraslab", description="A deep-learning curriculum, one command per lab.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)
    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}").register(subparsers)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return args.handler(args) or 0
    except KeraslabError as error:
        return _fail(one_line(error))
    except BrokenPipeError:
        # The reader went away (`keraslab list | head`): stop quietly, as command-line tools do.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as error:
        return _fail(one_line(_os_error_line(error)))
    except KeyboardInterrupt as stopped:
        # A run says how to continue it; anything else was just stopped.
        print("keraslab: interrupted" + (f"; {stopped}" if str(stopped).startswith("continue") else ""),
              file=sys.stderr)
        return 130
    except MemoryError:
        return _fail("out of memory. Use less data (--set max_samples=N) or a smaller batch_size or model.")
    except Exception:  # a bug, not the user's input: say so, keep the traceback for the report
        kind, error, _ = sys.exc_info()
        saved = _save_traceback()
        print(f"keraslab: internal error (a bug in keraslab, not your input): {kind.__name__}: "
              f"{one_line(error)[:300]}. Traceback saved to {saved}; please report it.", file=sys.stderr)
        return 1


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """keraslab's own warnings (skipped files, unpinned archives) as one line; others as Python shows them."""
    if f"{os.sep}keraslab{os.sep}" in str(filename):
        print(f"keraslab: warning: {one_line(message)}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _fail(line):
    print(f"keraslab: error: {line}", file=sys.stderr)
    return 2


def _os_error_line(error):
    """A file the user pointed at cannot be read or written (missing, a folder, no permission, disk full)."""
    where = f" '{error.filename}'" if error.filename else ""
    if error.filename2:
        where += f" -> '{error.filename2}'"
    reason = error.strerror or one_line(error)
    return (f"{reason}:{where}. Check that the path exists, is the right kind (file or folder) and that you "
            f"may read or write it.")


def _save_traceback():
    """Write the current exception's traceback under $KERASLAB_HOME/errors (else the temp folder)."""
    from keraslab.data.paths import home

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = f"keraslab {' '.join(sys.argv[1:])}\n\n{traceback.format_exc()}"
    for folder in (home() / "errors", tempfile.gettempdir()):
        try:
            os.makedirs(folder, exist_ok=True)
            handle, path = tempfile.mkstemp(prefix=f"traceback-{stamp}-", suffix=".txt", dir=folder)
            with os.fdopen(handle, "w") as out:
                out.write(text)
            return path
        except OSError:
            continue
    return "nowhere (no writable folder)"


if __name__ == "__main__":
    sys.exit(main())
