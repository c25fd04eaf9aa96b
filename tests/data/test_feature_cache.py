"""Frozen-backbone features computed once and kept in the cache (data/feature_cache.py)."""

import numpy as np

from keraslab.data.feature_cache import cached_features, feature_key


def test_features_are_computed_once_per_key_and_the_key_follows_every_input():
    images, weights = np.arange(24, dtype="uint8").reshape(2, 2, 2, 3), [np.ones((3, 4), "float32")]
    calls = []

    def compute():
        calls.append(1)
        return {"train": np.full((2, 5), float(len(calls)), "float32")}

    key = feature_key("efficientnet_lite0|(2, 2, 3)|jax", weights + [images])
    first, cached = cached_features(key, compute, ["train"])
    again, cached_again = cached_features(key, compute, ["train"])
    assert (cached, cached_again, len(calls)) == (False, True, 1)
    assert np.array_equal(first["train"], again["train"])
    changed = images.copy()
    changed[0, 0, 0, 0] += 1
    assert len({key, feature_key("efficientnet_lite0|(2, 2, 3)|jax", weights + [changed]),
                feature_key("efficientnet_lite0|(2, 2, 3)|jax", [weights[0] * 2, images]),
                feature_key("efficientnet_lite0|(2, 2, 3)|torch", weights + [images])}) == 4
