"""Split once, first: test rows held out, validation carved from training rows."""

import numpy as np

from keraslab.data.splits import random_split, stratified_split


def split_indices(count, test_split, validation_split, seed, labels=None):
    """(train, validation, test) index arrays; stratified when `labels` are classes."""
    def split(indices, fraction, salt):
        if labels is not None:
            first, second = stratified_split(labels[indices], fraction, seed + salt)
        else:
            first, second = random_split(len(indices), fraction, seed + salt)
        return indices[first], indices[second]

    everything = np.arange(count)
    train, test = split(everything, test_split, 0)
    if validation_split:
        train, validation = split(train, validation_split, 1)
    else:
        validation = np.array([], dtype="int64")
    return train, validation, test


def carve_validation(labels, validation_split, seed):
    """(keep, held): validation carved from training rows, stratified by `labels`. The one seed rule for
    every task that carves at random (sequences carve their tail instead, to keep time in order)."""
    keep, _, held = split_indices(len(labels), validation_split, 0, seed + _VALIDATION_SALT, labels)
    return keep, held


# Apart from the test split's seed, so carving validation never mirrors the test split.
_VALIDATION_SALT = 7


def limit(indices, max_samples, seed):
    """At most `max_samples` of `indices` (0: all), chosen with the seed."""
    if not max_samples or len(indices) <= max_samples:
        return indices
    return np.sort(np.random.default_rng(seed).choice(indices, max_samples, replace=False))
