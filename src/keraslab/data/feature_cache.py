"""Features of a frozen pretrained backbone, computed once and kept in the keraslab cache.

The five head-comparison presets (and every rerun of one) train small heads on the same frozen features;
computing them is the expensive part (minutes for the clothing photos on two cores, against seconds for a
head), so they are kept in `$KERASLAB_HOME/features/<key>.npz`. The key covers everything they depend on:
the backbone's name and every weight it holds, the image size, the backend (their last digits differ between
backends, and a run must repeat exactly on its own) and the sha256 of the decoded image arrays, so new or
changed images or weights never meet stale features. Written to a temporary file and renamed into place, so a killed run never leaves half a file.
"""

import hashlib

import numpy as np

from keraslab.data.integrity import atomic_path
from keraslab.data.paths import home


def feature_key(description, arrays):
    """A digest of `description` (a string) and the bytes of every array (weights, images)."""
    digest = hashlib.sha256(description.encode())
    for array in arrays:
        digest.update(f"|{array.dtype}|{array.shape}|".encode())
        digest.update(np.ascontiguousarray(array).data)
    return digest.hexdigest()[:32]


def cached_features(key, compute, names):
    """{name: features}: read from the cache under `key`, or `compute()` (a dict of `names`) and stored."""
    path = home() / "features" / f"{key}.npz"
    if path.exists():
        try:
            with np.load(path) as stored:
                return {name: stored[name] for name in names}, True
        except (OSError, ValueError, KeyError):
            pass  # a damaged entry is computed again and replaced
    features = compute()
    try:
        with atomic_path(path) as temporary:
            with open(temporary, "wb") as handle:
                np.savez(handle, **features)
    except OSError:
        pass  # a read-only or full cache only costs computing them again next time
    return features, False
