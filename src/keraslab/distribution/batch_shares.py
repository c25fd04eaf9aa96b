"""Which rows this process feeds: its share of every global batch.

With P processes and a global batch of B rows, process p passes `fit` the rows [p*b, (p+1)*b) of every
global batch (b = B/P) with batch_size=b; Keras's JAX trainer joins the processes' local batches into
one global array (`jax.make_array_from_process_local_data`), so the global batches are exactly those
of training on one device with batch_size B and the same order.

Keras shards only `tf.data` datasets by itself (`DataParallel(auto_shard_dataset=True)`), and by
files or elements, not by rows of each batch; keraslab feeds NumPy arrays in an order it chooses
per epoch, so it cuts the shares here and tells Keras the data is already sharded.

Every batch, the last one too, must split evenly over all devices (JAX cannot shard 33 rows over 2
devices), so a set of rows is trimmed to a multiple of the device count: at most devices-1 rows
leave each epoch (the last of its shuffled order, so other rows each epoch) and each validation pass.
"""

import numpy as np


class BatchShares:
    def __init__(self, global_batch, num_devices, num_processes=1, process_id=0):
        self.global_batch = global_batch
        self.num_devices = num_devices
        self.num_processes = num_processes
        self.process_id = process_id

    @property
    def local_batch(self):
        return self.global_batch // self.num_processes

    def trimmed(self, count):
        """How many of `count` rows are fed: the largest multiple of the device count."""
        return count - count % self.num_devices

    def rows(self, order):
        """This process's rows of `order` (all rows, in the order training sees them), as indices."""
        order = np.asarray(order)[: self.trimmed(len(order))]
        shares = []
        for start in range(0, len(order), self.global_batch):
            batch = order[start:start + self.global_batch]
            size = len(batch) // self.num_processes
            shares.append(batch[self.process_id * size:(self.process_id + 1) * size])
        return np.concatenate(shares) if shares else order
