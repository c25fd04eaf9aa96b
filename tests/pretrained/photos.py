"""Well-known photos with an obvious ImageNet class: scikit-image's cat, coffee and rocket, scikit-learn's two."""

import numpy as np
import pytest

# photo -> ImageNet classes that count as right for its top-1.
EXPECTED = {
    "cat": {"Egyptian cat", "tabby", "tiger cat"},
    "coffee": {"espresso", "cup", "coffee mug"},
    "rocket": {"missile", "projectile", "space shuttle"},
    "flower": {"daisy"},
    "china": {"palace", "monastery", "bell cote", "stupa"},
}


def photos(side=224):
    """{name: uint8 (side, side, 3)}, centre-cropped; skips the test when scikit-image is absent."""
    data = pytest.importorskip("skimage.data")
    from sklearn.datasets import load_sample_image

    from keraslab.pretrained.imagenet import prepare_photo

    raw = {"cat": data.chelsea(), "coffee": data.coffee(), "rocket": data.rocket(),
           "flower": load_sample_image("flower.jpg"), "china": load_sample_image("china.jpg")}
    return {name: prepare_photo(image, side) for name, image in raw.items()}


def batch(side=224):
    found = photos(side)
    return list(found), np.stack(list(found.values()))
