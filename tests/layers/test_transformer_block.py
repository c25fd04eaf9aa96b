"""TransformerBlock: causal blocks never look ahead, encoder blocks do, and they save and load."""

import keras
import numpy as np
import pytest
from keras import ops

from keraslab.layers.transformer_block import TransformerBlock


def _inputs(seed=0):
    return np.random.default_rng(seed).standard_normal((2, 9, 16)).astype("float32")


def test_causal_block_stack_ignores_future_tokens():
    blocks = [TransformerBlock(num_heads=4, feed_forward_dim=32, causal=True) for _ in range(2)]
    x = _inputs()
    changed = x.copy()
    changed[:, 6:] = _inputs(1)[:, 6:]

    def forward(values):
        for block in blocks:
            values = block(values)
        return ops.convert_to_numpy(values)

    before, after = forward(x), forward(changed)
    np.testing.assert_allclose(after[:, :6], before[:, :6], atol=1e-5)
    assert not np.allclose(after[:, 6:], before[:, 6:])


def test_encoder_block_sees_the_whole_sequence():
    block = TransformerBlock(num_heads=4, feed_forward_dim=32)
    x = _inputs()
    changed = x.copy()
    changed[:, -1] = _inputs(1)[:, -1]
    assert not np.allclose(ops.convert_to_numpy(block(changed))[:, 0], ops.convert_to_numpy(block(x))[:, 0])


def test_heads_must_divide_the_model_width():
    with pytest.raises(ValueError, match="d_model 16 must be divisible by num_heads 3"):
        TransformerBlock(num_heads=3, feed_forward_dim=8)(_inputs())


def test_save_and_load_round_trip(tmp_path):
    inputs = keras.Input((9, 16))
    model = keras.Model(inputs, TransformerBlock(2, 24, dropout_rate=0.1, causal=True)(inputs))
    model.save(tmp_path / "block.keras")
    loaded = keras.saving.load_model(tmp_path / "block.keras")
    np.testing.assert_allclose(ops.convert_to_numpy(loaded(_inputs())), ops.convert_to_numpy(model(_inputs())),
                               atol=1e-5)
    assert loaded.layers[-1].get_config()["causal"] is True
