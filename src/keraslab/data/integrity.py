"""sha256 of files, and writing files so that nothing half-written ever looks complete."""

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from keraslab.errors import IntegrityError

_CHUNK = 1 << 20


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_sha256(path, expected, label):
    actual = sha256_of(path)
    if actual != expected:
        raise IntegrityError(f"{label} has sha256 {actual}, expected {expected}: it is corrupt or not the "
                             "published file. Delete it and fetch again (keraslab datasets fetch NAME).")


@contextlib.contextmanager
def atomic_path(target):
    """Yield a temporary path beside `target`; rename it into place only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)


def write_text_atomic(path, text):
    with atomic_path(path) as temporary:
        Path(temporary).write_text(text)
