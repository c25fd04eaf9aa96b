"""TimestepEmbedding against a NumPy reference; bad sizes; save and load."""

import keras
import numpy as np
import pytest

from keraslab.layers.timestep_embedding import TimestepEmbedding


def reference(t, dim, max_period=10000.0):
    frequencies = np.exp(-np.log(max_period) * np.arange(dim // 2) / (dim // 2))
    angles = np.asarray(t, dtype="float64")[:, None] * frequencies[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)


def test_matches_numpy_reference():
    t = np.array([0, 1, 10, 999], dtype="float32")
    got = keras.ops.convert_to_numpy(TimestepEmbedding(16)(t[:, None]))
    assert got.shape == (4, 16)
    assert np.allclose(got, reference(t, 16), atol=1e-4)


def test_odd_dimension_is_refused_with_a_fix():
    with pytest.raises(ValueError, match="dim must be an even integer >= 2, got 7"):
        TimestepEmbedding(7)


def test_round_trips_through_save_and_load(tmp_path):
    inputs = keras.Input((1,))
    model = keras.Model(inputs, TimestepEmbedding(8, max_period=100.0)(inputs))
    model.save(tmp_path / "embedding.keras")
    loaded = keras.saving.load_model(tmp_path / "embedding.keras")
    t = np.array([[3.0], [42.0]], dtype="float32")
    assert np.allclose(loaded.predict(t, verbose=0), model.predict(t, verbose=0))
