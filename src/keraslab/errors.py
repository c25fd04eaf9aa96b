"""Errors a person can act on.

Every problem with input (config, data, command line) is raised where it enters, as a subclass
of `KeraslabError`, itself a `ValueError`. The CLI prints the message on one line and exits 2.
Messages name the key, column or file, what was expected, and the fix.
"""

import difflib


class KeraslabError(ValueError):
    """Bad input a user can fix; the CLI shows it as one line and exits with status 2."""


class ConfigError(KeraslabError):
    """A preset, key or value in a config is wrong."""


class DataError(KeraslabError):
    """A dataset, file, column or image cannot be used."""


class IntegrityError(DataError):
    """A file's content does not match its recorded sha256."""


def did_you_mean(word, choices):
    """' Did you mean 'x'?' for the closest choice, or '' when none is close."""
    # The word is the end of exactly one choice (float16 for mixed_float16): that one, however short the word.
    ending = [str(c) for c in choices if str(c).endswith((f"_{word}", f"-{word}"))]
    if len(ending) == 1:
        return f" Did you mean '{ending[0]}'?"
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def one_line(message):
    """Fold a message onto one line, as the CLI prints it."""
    return " ".join(str(message).split())
