"""Archive extraction that refuses absolute paths, `..` and links that leave the target."""

import errno
import lzma
import os
import shutil
import tarfile
import tempfile
import zipfile
import zlib
from pathlib import Path

from keraslab.errors import DataError


def _inside(root, member_name):
    root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(root, member_name))
    return target == root or target.startswith(root + os.sep)


def _refuse(archive, member, why):
    raise DataError(f"Archive {Path(archive).name} has member '{member}' that {why}; refusing to extract it. "
                    "The archive is unsafe or corrupt: fetch it again from its canonical source.")


def _check_name(archive, name):
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        _refuse(archive, name, "is an absolute path")
    if ".." in Path(name).parts:
        _refuse(archive, name, "climbs out with '..'")


def safe_extract(archive, destination):
    """Extract a .zip or .tar[.gz|.bz2|.xz] into `destination` (created whole, or not at all)."""
    archive, destination = Path(archive), Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        _extract_into(archive, staging)
        if destination.exists():
            shutil.rmtree(destination)
        os.replace(staging, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return destination


def _extract_into(archive, staging):
    try:
        if zipfile.is_zipfile(archive):
            _extract_zip(archive, staging)
        elif tarfile.is_tarfile(archive):
            _extract_tar(archive, staging)
        else:
            raise DataError(f"{archive.name} is neither a zip nor a tar archive; fetch it again.")
    except tarfile.FilterError as error:
        raise DataError(f"Archive {archive.name} has a member that leaves the target or is not a plain file "
                        f"({error}); refusing to extract it. Fetch it again from its canonical source.") from None
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, OSError) as error:
        # The user's disk or permissions, not the archive: let the CLI name the path.
        if isinstance(error, (PermissionError, IsADirectoryError)) or getattr(error, "errno", None) == errno.ENOSPC:
            raise
        raise DataError(f"Archive {archive.name} is damaged ({type(error).__name__}: {error}); refusing it. "
                        "Fetch it again from its canonical source.") from None


def _extract_zip(archive, staging):
    with zipfile.ZipFile(archive) as bundle:
        for info in bundle.infolist():
            _check_name(archive, info.filename)
            # Zip symlinks carry the Unix mode S_IFLNK in the high 16 bits of external_attr.
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                _refuse(archive, info.filename, "is a symbolic link")
        bundle.extractall(staging)


def _extract_tar(archive, staging):
    with tarfile.open(archive) as bundle:
        members = bundle.getmembers()
        for member in members:
            _check_name(archive, member.name)
            if member.issym() or member.islnk():
                link_base = os.path.dirname(member.name) if member.issym() else ""
                if os.path.isabs(member.linkname) or not _inside(staging, os.path.join(link_base, member.linkname)):
                    _refuse(archive, member.name, f"links to '{member.linkname}' outside the target")
            elif not (member.isfile() or member.isdir()):
                _refuse(archive, member.name, "is a device or special file")
        bundle.extractall(staging, members=members, filter="data")
