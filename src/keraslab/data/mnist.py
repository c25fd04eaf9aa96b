"""MNIST from its original IDX files (big-endian header, then raw uint8)."""

import numpy as np

from keraslab.data.arrays import ImageSplits
from keraslab.errors import DataError


def read_idx(path):
    data = path.read_bytes()
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise DataError(f"{path} is not an IDX file of unsigned bytes. Delete it and fetch mnist again.")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if array.size != int(np.prod(shape)):
        raise DataError(f"{path} holds {array.size} values but its header says {shape}; it is truncated.")
    return array.reshape(shape)


def load_mnist(folder, seed=42, test_split=0.2):
    # MNIST has its published 10,000-image test split; seed and test_split do not apply.
    x_train = read_idx(folder / "train-images-idx3-ubyte")[..., None]
    y_train = read_idx(folder / "train-labels-idx1-ubyte").astype("int64")
    x_test = read_idx(folder / "t10k-images-idx3-ubyte")[..., None]
    y_test = read_idx(folder / "t10k-labels-idx1-ubyte").astype("int64")
    return ImageSplits(x_train, y_train, x_test, y_test, class_names=[str(d) for d in range(10)])
