"""Magnitude pruning on Keras 3: a callback, so it works on every backend (TF-MOT needs the legacy tf_keras).

    keraslab prune runs/mnist-dense/<id> --sparsity 0.9

The run's model is fine-tuned while the smallest-magnitude weights of every kernel (Dense and Conv, per
layer) are set to zero, the zeroed fraction rising on TF-MOT's polynomial schedule
    s(t) = s_final + (s_initial - s_final) * (1 - (t - begin) / (end - begin)) ** 3
re-chosen every `frequency` steps, and the mask re-applied after every step so the optimizer cannot revive
a pruned weight. There are no wrapper layers, so "stripping" is nothing more than saving: the file is a
plain Keras model whose kernels hold exact zeros, which is what makes it compress (gzip) well.
"""

import gzip
from pathlib import Path

import keras
import numpy as np
from keras import ops

from keraslab.export.formats import ExportError


def polynomial_sparsity(step, target_sparsity, begin_step, end_step, initial_sparsity=0.0, power=3):
    """The sparsity the schedule asks for at `step`."""
    if step <= begin_step:
        return initial_sparsity
    if step >= end_step:
        return target_sparsity
    progress = (step - begin_step) / (end_step - begin_step)
    return target_sparsity + (initial_sparsity - target_sparsity) * (1 - progress) ** power


def check_sparsity(value):
    if not 0 <= value < 1:
        raise ExportError(f"Sparsity {value} is outside [0, 1): give the fraction of weights to zero, e.g. 0.9.")
    return value


def prunable_kernels(model):
    """The kernels pruning acts on: every weight called kernel with two or more axes (Dense, Conv)."""
    return [w for w in model.weights if w.path.endswith("kernel") and len(w.shape) >= 2]


def magnitude_mask(values, sparsity):
    """1 where |value| is above the `sparsity` quantile of |values|, else 0 (ties at the threshold pruned)."""
    count = round(sparsity * values.size)
    if count == 0:
        return np.ones_like(values)
    threshold = np.partition(np.abs(values).ravel(), count - 1)[count - 1]
    return (np.abs(values) > threshold).astype(values.dtype)


class MagnitudePruning(keras.callbacks.Callback):
    """Prune the model being trained to `target_sparsity` by `end_step` (steps counted across fit calls)."""

    def __init__(self, target_sparsity, end_step, begin_step=0, frequency=100, initial_sparsity=0.0):
        super().__init__()
        self.target_sparsity = check_sparsity(target_sparsity)
        self.end_step = end_step
        self.begin_step = begin_step
        self.frequency = frequency
        self.initial_sparsity = initial_sparsity
        self.step = 0
        self.masks = {}

    def on_train_batch_end(self, batch, logs=None):
        self.step += 1
        kernels = prunable_kernels(self.model)
        due = self.step == 1 or self.step % self.frequency == 0 or self.step == self.end_step
        if due and self.step <= self.end_step:
            sparsity = polynomial_sparsity(self.step, self.target_sparsity, self.begin_step, self.end_step,
                                           self.initial_sparsity)
            self.masks = {k.path: ops.convert_to_tensor(magnitude_mask(ops.convert_to_numpy(k), sparsity))
                          for k in kernels}
        for kernel in kernels:
            if kernel.path in self.masks:
                kernel.assign(ops.multiply(kernel, self.masks[kernel.path]))


def sparsity_of(model):
    """{kernel path: fraction of exact zeros} and the overall fraction over all prunable kernels."""
    per_kernel = {}
    zeros = total = 0
    for kernel in prunable_kernels(model):
        values = ops.convert_to_numpy(kernel)
        per_kernel[kernel.path] = float(np.mean(values == 0))
        zeros += int(np.sum(values == 0))
        total += values.size
    return per_kernel, zeros / max(total, 1)


def gzip_size(path):
    """Bytes after gzip -9: zeros compress, so this is the size pruning saves on the wire."""
    return len(gzip.compress(Path(path).read_bytes(), compresslevel=9))
