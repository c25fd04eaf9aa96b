"""Get a registered dataset's files into the cache: from the cache, the mirror, or the network.

Every file is written to a temporary name, verified by sha256, then renamed into place, so the
cache never holds a partial or unverified file under its real name.
"""

import gzip
import importlib
import json
import os
import shutil
import urllib.request

from keraslab.data.integrity import atomic_path, check_sha256, sha256_of, write_text_atomic
from keraslab.data.paths import dataset_cache, mirror
from keraslab.errors import DataError, IntegrityError

_CHUNK = 1 << 20


# Written once every file of a dataset verified: each file's size, modification time and the sha256 it
# was verified against. While the stamp matches, a load trusts the files without hashing them again
# (MNIST's 55 MB took 0.2 s to hash on every run) and `datasets list` can tell verified data from data
# changed since; `datasets verify` re-hashes on request. A registry that pins a new sha256 no longer
# matches the stamp, so its files are hashed again.
STAMP = ".verified.json"


def fetch(dataset, quiet=True):
    """Return the cache folder holding every verified file of `dataset` (archives: extracted)."""
    if is_archive_dataset(dataset):
        from keraslab.data.archive_folder import archive_paths, extracted_folder

        # The loader verifies the archive itself (extracted_folder); hashing a large archive twice per
        # load is avoided while the stamp still matches.
        if cache_state(dataset) != "verified" or not archive_paths(dataset)[2].is_dir():
            extracted_folder(dataset)
            _write_stamp(dataset, [archive_paths(dataset)[0]])
        return dataset_cache(dataset.name)
    folder = dataset_cache(dataset.name)
    _prepare(dataset, folder)
    stamped = _stamped_unchanged(dataset)
    for remote in dataset.files:
        target = folder / remote.name
        if target.exists():
            if remote.name not in stamped:
                check_sha256(target, remote.sha256, f"Cached file {target}")
            continue
        with atomic_path(target) as temporary:
            _obtain(dataset, remote, temporary, quiet)
            check_sha256(temporary, remote.sha256, f"{remote.name} of dataset '{dataset.name}' ({_origin()})")
    _write_stamp(dataset, [folder / remote.name for remote in dataset.files])
    return folder


def is_archive_dataset(dataset):
    return "archive_name" in dataset.extra and not dataset.files


def _stamp_entries(dataset, paths):
    """{name: [size, modification time, the sha256 the registry pins for it (None: not pinned)]}."""
    folder = dataset_cache(dataset.name)
    pinned = {remote.name: remote.sha256 for remote in dataset.files}
    if is_archive_dataset(dataset):
        pinned[dataset.extra["archive_name"]] = dataset.extra.get("archive_sha256")
    entries = {}
    for path in paths:
        stat = os.stat(path)
        name = str(path.relative_to(folder))
        entries[name] = [stat.st_size, stat.st_mtime_ns, pinned.get(name)]
    return entries


def _stamped_unchanged(dataset):
    """Names of the cached files whose stamp entry still matches them (size, time, pinned sha256)."""
    folder = dataset_cache(dataset.name)
    try:
        recorded = json.loads((folder / STAMP).read_text())
        current = _stamp_entries(dataset, [folder / name for name in recorded])
    except (OSError, ValueError):
        return set()
    return {name for name, value in current.items() if recorded.get(name) == value}


def _write_stamp(dataset, paths):
    try:
        write_text_atomic(dataset_cache(dataset.name) / STAMP, json.dumps(_stamp_entries(dataset, paths)))
    except OSError:
        pass  # a read-only cache still serves verified files; `datasets list` just cannot say so


def cache_state(dataset):
    """'verified', 'not fetched' or 'changed since verified' for the cache of `dataset` (no hashing)."""
    folder = dataset_cache(dataset.name)
    try:
        recorded = json.loads((folder / STAMP).read_text())
    except (OSError, ValueError):
        return "not fetched"
    try:
        current = {name: list(value) for name, value in
                   _stamp_entries(dataset, [folder / name for name in recorded]).items()}
    except OSError:
        return "changed since verified"
    return "verified" if current == recorded else "changed since verified"


def _prepare(dataset, folder):
    """Datasets published as one archive unpack it first (no mirror, files missing); fetch then verifies each file."""
    hook = dataset.extra.get("prepare")
    if hook and mirror() is None and any(not (folder / remote.name).exists() for remote in dataset.files):
        module, function = hook.split(":")
        getattr(importlib.import_module(module), function)(dataset, folder)


def verify(dataset):
    """Re-hash every cached file; return a list of (file, 'ok' | 'missing' | 'corrupt').

    A corrupt file is deleted (the next fetch gets it afresh); when every file is ok the dataset
    is stamped as verified.
    """
    folder = dataset_cache(dataset.name)
    if is_archive_dataset(dataset):
        from keraslab.data.archive_folder import archive_paths, verify_archive

        report = verify_archive(dataset)
        paths = [archive_paths(dataset)[0]]
    else:
        report, paths = [], []
        for remote in dataset.files:
            path = folder / remote.name
            paths.append(path)
            if not path.exists():
                report.append((remote.name, "missing"))
            elif sha256_of(path) == remote.sha256:
                report.append((remote.name, "ok"))
            else:
                path.unlink()
                report.append((remote.name, "corrupt"))
    if report and all(state == "ok" for _, state in report):
        _write_stamp(dataset, paths)
    else:
        (folder / STAMP).unlink(missing_ok=True)
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
