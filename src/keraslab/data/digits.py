"""scikit-learn's bundled 8x8 digits: the offline quickstart."""

import numpy as np

from keraslab.data.arrays import ImageSplits
from keraslab.data.splits import stratified_split


def load_digits(folder=None, seed=42, test_split=0.2):
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    # Pixel values run 0..16; scale to 0..255 so every image dataset shares one uint8 convention.
    images = np.round(bunch.images * (255 / 16)).astype("uint8")[..., None]
    train, test = stratified_split(bunch.target, test_split, seed)
    return ImageSplits(images[train], bunch.target[train], images[test], bunch.target[test],
                       class_names=[str(d) for d in range(10)], split_note=f"test {test_split:g}, seed {seed}")
