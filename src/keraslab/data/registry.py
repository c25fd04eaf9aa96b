"""The dataset registry: what each named dataset is, where it comes from, and how it loads.

Entries live in `keraslab.data.datasets`, one module per dataset, each defining `DATASET`.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field

from keraslab.errors import DataError, did_you_mean


@dataclass(frozen=True)
class RemoteFile:
    """One published file. `sha256` is of the content as stored in the cache.

    `gzipped`: the canonical URL serves the file gzip-compressed; the cache holds it decompressed,
    so the same content hash verifies a raw mirror copy, a `.gz` mirror copy and a download.
    """

    name: str
    urls: tuple
    sha256: str
    gzipped: bool = False


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    licence: str
    citation: str
    homepage: str
    # Loader: a function(folder, **options) -> data, as "module:function" so nothing imports early.
    loader: str
    files: tuple = ()
    # The folder of this dataset inside the offline mirror.
    mirror_folder: str = ""
    target: str | None = None
    kind: str = "table"
    # Datasets that ship inside an installed package (scikit-learn's digits) need no fetching.
    bundled: bool = False
    extra: dict = field(default_factory=dict)

    def load_function(self):
        module, function = self.loader.split(":")
        return getattr(importlib.import_module(module), function)


def all_datasets():
    from keraslab.data import datasets as package

    entries = {}
    for module in pkgutil.iter_modules(package.__path__):
        entry = importlib.import_module(f"{package.__name__}.{module.name}").DATASET
        entries[entry.name] = entry
    return entries


def get_dataset(name):
    entries = all_datasets()
    if name not in entries:
        raise DataError(f"Unknown dataset '{name}'." + (did_you_mean(name, entries)
                        or f" Known: {', '.join(sorted(entries))}; or give a path to your own file or folder."))
    return entries[name]


def is_dataset_name(value):
    return value in all_datasets()
