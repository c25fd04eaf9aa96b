"""Where keraslab keeps things: `$KERASLAB_HOME` (default ~/.keraslab) and the offline mirror."""

import os
from pathlib import Path


def home():
    return Path(os.environ.get("KERASLAB_HOME", Path.home() / ".keraslab")).expanduser()


def dataset_cache(name):
    return home() / "datasets" / name


def mirror():
    """The offline mirror folder (`KERASLAB_MIRROR`), read instead of the network; None when unset."""
    value = os.environ.get("KERASLAB_MIRROR")
    return Path(value).expanduser() if value else None
