"""Sinusoidal and learned positional embeddings: NumPy reference, lengths, save/load."""

import keras
import numpy as np
import pytest
from keras import ops

from keraslab.layers.learned_positional_embedding import LearnedPositionalEmbedding
from keraslab.layers.sinusoidal_positional_embedding import SinusoidalPositionalEmbedding


def _numpy_sinusoids(length, depth):
    table = np.zeros((length, depth))
    for pos in range(length):
        for i in range(depth):
            angle = pos / 10000 ** ((i - i % 2) / depth)
            table[pos, i] = np.sin(angle) if i % 2 == 0 else np.cos(angle)
    return table


@pytest.mark.parametrize("depth", [8, 7])
def test_sinusoidal_matches_the_paper_formula(depth):
    x = np.zeros((2, 11, depth), "float32")
    out = ops.convert_to_numpy(SinusoidalPositionalEmbedding()(x))
    np.testing.assert_allclose(out[0], _numpy_sinusoids(11, depth), atol=1e-5)
    np.testing.assert_allclose(out[1], out[0])


def test_learned_adds_one_vector_per_position():
    layer = LearnedPositionalEmbedding(max_length=10)
    x = np.ones((2, 6, 4), "float32")
    out = ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(out[0], 1.0 + ops.convert_to_numpy(layer.positions)[:6], atol=1e-6)


def test_learned_refuses_sequences_longer_than_max_length():
    with pytest.raises(ValueError, match="max_length=4.*length 6"):
        LearnedPositionalEmbedding(max_length=4)(np.zeros((1, 6, 3), "float32"))


def test_both_round_trip_through_a_saved_model(tmp_path):
    inputs = keras.Input((6,), dtype="int32")
    x = keras.layers.Embedding(20, 8)(inputs)
    x = SinusoidalPositionalEmbedding()(x)
    outputs = LearnedPositionalEmbedding(max_length=6)(x)
    model = keras.Model(inputs, outputs)
    tokens = np.arange(12).reshape(2, 6)
    model.save(tmp_path / "positions.keras")
    loaded = keras.saving.load_model(tmp_path / "positions.keras")
    np.testing.assert_allclose(ops.convert_to_numpy(loaded(tokens)), ops.convert_to_numpy(model(tokens)), atol=1e-6)
    assert loaded.layers[-1].get_config()["max_length"] == 6
