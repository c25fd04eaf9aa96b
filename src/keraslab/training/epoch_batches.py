"""The training rows of every epoch in the order (seed, epoch) gives, as one Keras `PyDataset`.

With it one `fit` call can run a whole phase and still see the same batches, in the same order, as
a run resumed at any epoch: the order is a function of (seed, epoch), not of a generator's position.
Keras's own `shuffle=True` draws from the backend's generator, whose position a checkpoint cannot
save, so it is not used.
"""

import math

import numpy as np


def epoch_order(seed, epoch, count, shares=None):
    """The rows of `epoch`, shuffled by (seed, epoch); under data-parallel, this process's share of each batch."""
    order = np.random.default_rng([seed, epoch]).permutation(count)
    return shares.rows(order) if shares is not None else order


def take(data, rows):
    """`rows` of an array, a dict of arrays or a list/tuple of arrays (a model's inputs or targets)."""
    if isinstance(data, dict):
        return {key: value[rows] for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return type(data)(value[rows] for value in data)
    return data[rows]


def make_epoch_batches(x, y, batch_size, seed, count, shares=None):
    """A PyDataset of `x`, `y` in batches of `batch_size`; call `.start_epoch(epoch)` before each epoch."""
    import keras

    class EpochBatches(keras.utils.PyDataset):
        def __init__(self):
            # One worker, no processes: batches are read in line, in order, so the epoch set by
            # `start_epoch` (from a callback's on_epoch_begin) is the one every batch of the epoch reads.
            super().__init__(workers=1, use_multiprocessing=False)
            self.order = epoch_order(seed, 0, count, shares)

        def start_epoch(self, epoch):
            self.order = epoch_order(seed, epoch, count, shares)

        def __len__(self):
            return math.ceil(len(self.order) / batch_size)

        def __getitem__(self, index):
            rows = self.order[index * batch_size:(index + 1) * batch_size]
            return take(x, rows), take(y, rows)

    return EpochBatches()
