"""Seeded splits: shuffled, stratified where labels are classes."""

import numpy as np


def stratified_split(labels, fraction, seed):
    """Indices (first, second) with `fraction` of each class in `second`."""
    rng = np.random.default_rng(seed)
    labels = np.asarray(labels)
    first, second = [], []
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        cut = int(round(len(members) * fraction))
        second.extend(members[:cut])
        first.extend(members[cut:])
    # dtype: an empty split must still be an index array (permutation of [] is float).
    return rng.permutation(np.asarray(first, dtype="int64")), rng.permutation(np.asarray(second, dtype="int64"))


def random_split(count, fraction, seed):
    order = np.random.default_rng(seed).permutation(count)
    cut = int(round(count * fraction))
    return order[cut:], order[:cut]
