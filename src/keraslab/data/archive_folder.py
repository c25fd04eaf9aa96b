"""Image folders published as one archive (zip or tar): fetched once, verified, extracted safely.

Two kinds:
  - a folder dataset with a per-file manifest (aircraft-damage): without a mirror, the canonical
    archive is downloaded and extracted into the cache, then every file is verified against the
    manifest by the ordinary fetch (`unpack_into_cache`, the dataset's `prepare` hook);
  - an archive dataset (fruits, waste): the archive itself is verified by its sha256 and extracted
    with `safe_extract` (`extracted_folder`).
"""

import json
import shutil
import warnings
from pathlib import Path

from keraslab.data.extract import safe_extract
from keraslab.data.integrity import atomic_path, check_sha256, sha256_of, write_text_atomic
from keraslab.data.paths import dataset_cache, mirror
from keraslab.data.registry import RemoteFile
from keraslab.errors import DataError, IntegrityError, one_line


def _obtain_archive(dataset, temporary):
    """Copy the archive from the mirror or download it to `temporary`, and check a pinned sha256."""
    name, url = dataset.extra["archive_name"], dataset.extra["archive_url"]
    root = mirror()
    if root is not None:
        source = root / (dataset.mirror_folder or dataset.name) / name
        if not source.is_file():
            raise DataError(f"Dataset '{dataset.name}' is missing: mirror folder {source.parent} has no {name}. "
                            "Point KERASLAB_MIRROR at a mirror that holds it, or unset it to download.")
        shutil.copyfile(source, temporary)
    else:
        from keraslab.data.fetch import _download

        _download(RemoteFile(name, (url,), ""), temporary, quiet=False)
    expected = dataset.extra.get("archive_sha256")
    if expected:
        check_sha256(temporary, expected, f"{name} of dataset '{dataset.name}'")


def archive_paths(dataset):
    """(archive, record of its sha256, extracted folder) in the cache."""
    cache = dataset_cache(dataset.name)
    return cache / dataset.extra["archive_name"], cache / "archive.json", cache / "extracted"


def extracted_folder(dataset):
    """The folder inside the extracted archive of `dataset` (cached; extracted once).

    A new archive is kept, and its hash recorded, only after it verified and extracted safely: an
    archive that is refused (corrupt, unsafe, wrong hash) is deleted, so a fixed source is fetched
    afresh next time instead of the refused copy being reused.
    """
    archive, record, extracted = archive_paths(dataset)
    if archive.exists() and record.exists():
        expected = dataset.extra.get("archive_sha256") or _recorded_sha256(record)
        try:
            check_sha256(archive, expected, f"Cached archive {archive}")
        except IntegrityError as error:
            forget_archive(dataset)
            raise IntegrityError(f"{one_line(error).split(': it is corrupt')[0]}: it changed since it was "
                                 f"verified, so it was deleted. Fetch it again: keraslab datasets fetch "
                                 f"{dataset.name}.") from None
        if not extracted.exists():
            _extract_or_forget(dataset, archive, extracted)
    else:
        with atomic_path(archive) as temporary:
            _obtain_archive(dataset, temporary)
            digest = sha256_of(temporary)
            _extract_or_forget(dataset, temporary, extracted)
            if not (extracted / dataset.extra.get("archive_root", "")).is_dir():
                forget_archive(dataset)
                raise DataError(f"Archive {archive.name} of dataset '{dataset.name}' has no folder "
                                f"'{dataset.extra.get('archive_root')}'; it was refused and deleted. Check the "
                                "source (mirror or URL) and fetch again.")
        if not dataset.extra.get("archive_sha256"):
            # No published checksum exists for this archive and none could be measured offline:
            # the hash seen first (of an archive that extracted safely) is recorded and checked from now on.
            warnings.warn(f"Dataset '{dataset.name}': the archive's sha256 is not pinned in keraslab; recording "
                          f"{digest} on first use and checking it from now on.", stacklevel=2)
        write_text_atomic(record, json.dumps({"sha256": digest}))
    folder = extracted / dataset.extra.get("archive_root", "")
    if not folder.is_dir():
        forget_archive(dataset)
        raise DataError(f"Archive {archive.name} of dataset '{dataset.name}' has no folder "
                        f"'{dataset.extra.get('archive_root')}'; it was deleted. Fetch it again "
                        f"(keraslab datasets fetch {dataset.name}) once the source is fixed.")
    return folder


def _recorded_sha256(record):
    try:
        return json.loads(record.read_text())["sha256"]
    except (ValueError, KeyError, TypeError):
        return "an unreadable record"


def _extract_or_forget(dataset, archive, extracted):
    """Extract safely; on refusal delete the archive, its record and any extraction, then re-raise."""
    try:
        safe_extract(archive, extracted)
    except DataError:
        forget_archive(dataset)
        Path(archive).unlink(missing_ok=True)
        raise


def forget_archive(dataset):
    """Delete the cached archive, its recorded hash, its verified stamp and its extraction."""
    from keraslab.data.fetch import STAMP

    archive, record, extracted = archive_paths(dataset)
    archive.unlink(missing_ok=True)
    record.unlink(missing_ok=True)
    (archive.parent / STAMP).unlink(missing_ok=True)
    shutil.rmtree(extracted, ignore_errors=True)


def verify_archive(dataset):
    """[(archive name, 'ok' | 'missing' | 'corrupt')] for an archive dataset's cache; corrupt ones are deleted."""
    archive, record, _ = archive_paths(dataset)
    name = dataset.extra["archive_name"]
    if not (archive.exists() and record.exists()):
        return [(name, "missing")]
    expected = dataset.extra.get("archive_sha256") or _recorded_sha256(record)
    if sha256_of(archive) != expected:
        forget_archive(dataset)
        return [(name, "corrupt")]
    return [(name, "ok")]


def load_archived_image_folder(dataset, image_size=0, color_mode="auto", seed=42, test_split=0.2, skip_bad=True):
    from keraslab.data.image_folder import load_image_folder

    return load_image_folder(extracted_folder(dataset), image_size, color_mode, seed, test_split, skip_bad)


def unpack_into_cache(dataset, folder):
    """The `prepare` hook of manifest datasets published as one archive (no mirror, files missing)."""
    folder = Path(folder)
    staging = folder.parent / f".{dataset.name}.archive"
    archive = staging.with_suffix(".download")
    from keraslab.data.fetch import _download

    _download(RemoteFile(dataset.extra["archive_name"], (dataset.extra["archive_url"],), ""), archive, quiet=False)
    try:
        safe_extract(archive, staging)
        root = staging / dataset.extra.get("archive_root", "")
        for remote in dataset.files:
            source = root / remote.name
            if source.is_file() and not (folder / remote.name).exists():
                (folder / remote.name).parent.mkdir(parents=True, exist_ok=True)
                shutil.move(source, folder / remote.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        archive.unlink(missing_ok=True)
