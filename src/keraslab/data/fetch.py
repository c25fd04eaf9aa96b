"""Get a registered dataset's files into the cache: from the cache, the mirror, or the network.

Every file is written to a temporary name, verified by sha256, then renamed into place, so the
cache never holds a partial or unverified file under its real name.
"""

import gzip
import importlib
import shutil
import urllib.request

from keraslab.data.integrity import atomic_path, check_sha256, sha256_of
from keraslab.data.paths import dataset_cache, mirror
from keraslab.errors import DataError, IntegrityError

_CHUNK = 1 << 20


def fetch(dataset, quiet=True):
    """Return the cache folder holding every verified file of `dataset`."""
    folder = dataset_cache(dataset.name)
    _prepare(dataset, folder)
    for remote in dataset.files:
        target = folder / remote.name
        if target.exists():
            check_sha256(target, remote.sha256, f"Cached file {target}")
            continue
        with atomic_path(target) as temporary:
            _obtain(dataset, remote, temporary, quiet)
            check_sha256(temporary, remote.sha256, f"{remote.name} of dataset '{dataset.name}' ({_origin()})")
    return folder


def _prepare(dataset, folder):
    """Datasets published as one archive unpack it first (no mirror, files missing); fetch then verifies each file."""
    hook = dataset.extra.get("prepare")
    if hook and mirror() is None and any(not (folder / remote.name).exists() for remote in dataset.files):
        module, function = hook.split(":")
        getattr(importlib.import_module(module), function)(dataset, folder)


def verify(dataset):
    """Re-hash every cached file; return a list of (file, 'ok' | 'missing' | 'corrupt')."""
    folder = dataset_cache(dataset.name)
    report = []
    for remote in dataset.files:
        path = folder / remote.name
        if not path.exists():
            report.append((remote.name, "missing"))
        else:
            report.append((remote.name, "ok" if sha256_of(path) == remote.sha256 else "corrupt"))
    return report


def _origin():
    root = mirror()
    return f"mirror {root}" if root else "download"


def _obtain(dataset, remote, temporary, quiet):
    root = mirror()
    if root is not None:
        _copy_from_mirror(root / (dataset.mirror_folder or dataset.name), remote, temporary)
    else:
        _download(remote, temporary, quiet)


def _copy_from_mirror(folder, remote, temporary):
    raw, packed = folder / remote.name, folder / f"{remote.name}.gz"
    if raw.exists():
        shutil.copyfile(raw, temporary)
    elif packed.exists():
        _gunzip(packed, temporary)
    else:
        raise DataError(f"Mirror folder {folder} has no {remote.name} (nor {remote.name}.gz). "
                        "Point KERASLAB_MIRROR at a complete mirror, or unset it to download.")


def _gunzip(source, target):
    try:
        with gzip.open(source, "rb") as packed, open(target, "wb") as out:
            shutil.copyfileobj(packed, out, _CHUNK)
    except (OSError, EOFError) as error:
        raise IntegrityError(f"{source} is not a complete gzip file ({error}). Delete it and fetch again.")


def _download(remote, temporary, quiet):
    errors = []
    for url in remote.urls:
        try:
            _stream(url, temporary, remote.gzipped, quiet)
            return
        except (OSError, EOFError) as error:  # URLError and cut-off transfers are OSErrors
            errors.append(f"{url}: {error}")
    raise DataError(f"Could not download {remote.name} ({'; '.join(errors)}). Check the network, "
                    "or set KERASLAB_MIRROR to a folder holding the file.")


def _stream(url, temporary, gzipped, quiet):
    if not quiet:
        print(f"downloading {url}")
    with urllib.request.urlopen(url, timeout=60) as response:
        expected = response.headers.get("Content-Length")
        source = gzip.GzipFile(fileobj=response) if gzipped else response
        received = 0
        with open(temporary, "wb") as out:
            for chunk in iter(lambda: source.read(_CHUNK), b""):
                out.write(chunk)
                received += len(chunk)
        if expected is not None and not gzipped and received != int(expected):
            raise EOFError(f"transfer cut off after {received} of {expected} bytes")
