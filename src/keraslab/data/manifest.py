"""Folder datasets, verified file by file against a sha256 manifest shipped inside keraslab.

A manifest (`keraslab/data/manifests/<name>.sha256`, `sha256sum` format) lists every file of a
dataset folder. Each line becomes one `RemoteFile`, so the ordinary fetch copies a mirror folder
(or downloads) file by file and verifies every image before it enters the cache.
"""

from importlib import resources

from keraslab.data.registry import RemoteFile


def read_manifest(name):
    """[(relative path, sha256)] from the manifest `name`.sha256, in file order."""
    text = (resources.files("keraslab") / "data" / "manifests" / f"{name}.sha256").read_text()
    entries = []
    for line in text.splitlines():
        if line.strip():
            digest, path = line.split(maxsplit=1)
            entries.append((path.strip().removeprefix("./"), digest))
    return entries


def manifest_files(name, url_base=None):
    """One RemoteFile per manifest line; `url_base` + path is its canonical URL when files are served one by one."""
    return tuple(RemoteFile(path, (url_base + path,) if url_base else (), digest)
                 for path, digest in read_manifest(name))
