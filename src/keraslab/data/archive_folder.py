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
from keraslab.data.integrity import atomic_path, check_sha256, sha256_of
from keraslab.data.paths import dataset_cache, mirror
from keraslab.data.registry import RemoteFile
from keraslab.errors import DataError


def _obtain_archive(dataset, target):
    """Copy the archive from the mirror or download it to `target`; return its sha256."""
    name, url = dataset.extra["archive_name"], dataset.extra["archive_url"]
    root = mirror()
    with atomic_path(target) as temporary:
        if root is not None:
            source = root / (dataset.mirror_folder or dataset.name) / name
            if not source.is_file():
                raise DataError(f"Mirror folder {source.parent} has no {name}. Point KERASLAB_MIRROR at a "
                                "complete mirror, or unset it to download.")
            shutil.copyfile(source, temporary)
        else:
            from keraslab.data.fetch import _download

            _download(RemoteFile(name, (url,), ""), temporary, quiet=False)
        _check_archive(dataset, temporary)
    return sha256_of(target)


def _check_archive(dataset, path):
    expected = dataset.extra.get("archive_sha256")
    if expected:
        check_sha256(path, expected, f"{dataset.extra['archive_name']} of dataset '{dataset.name}'")
    else:
        # No published checksum exists for this archive and none could be measured offline:
        # the hash seen first is recorded beside the cache and every later use is checked against it.
        warnings.warn(f"Dataset '{dataset.name}': the archive's sha256 is not pinned in keraslab; recording "
                      f"{sha256_of(path)} on first use and checking it from now on.", stacklevel=3)


def extracted_folder(dataset):
    """The folder inside the extracted archive of `dataset` (cached; extracted once)."""
    cache = dataset_cache(dataset.name)
    archive = cache / dataset.extra["archive_name"]
    extracted = cache / "extracted"
    record = cache / "archive.json"
    if archive.exists() and record.exists():
        expected = json.loads(record.read_text())["sha256"]
        check_sha256(archive, dataset.extra.get("archive_sha256") or expected,
                     f"Cached archive {archive}")
    else:
        digest = _obtain_archive(dataset, archive)
        record.write_text(json.dumps({"sha256": digest}))
        if extracted.exists():
            shutil.rmtree(extracted)
    if not extracted.exists():
        safe_extract(archive, extracted)
    folder = extracted / dataset.extra.get("archive_root", "")
    if not folder.is_dir():
        raise DataError(f"Archive {archive.name} of dataset '{dataset.name}' has no folder "
                        f"'{dataset.extra.get('archive_root')}'. Delete {cache} and fetch again.")
    return folder


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
