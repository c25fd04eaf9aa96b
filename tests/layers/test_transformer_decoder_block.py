"""TransformerDecoderBlock: causal over targets, blind to padded memory, saves and loads."""

import keras
import numpy as np
from keras import ops

from keraslab.layers.transformer_decoder_block import TransformerDecoderBlock


def _data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((2, 6, 16)).astype("float32"), rng.standard_normal((2, 5, 16)).astype("float32")


def test_future_targets_and_padded_memory_do_not_move_outputs():
    block = TransformerDecoderBlock(num_heads=4, feed_forward_dim=32)
    targets, memory = _data()
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 0]], bool)
    before = ops.convert_to_numpy(block(targets, memory, memory_mask=mask))
    changed_targets, changed_memory = targets.copy(), memory.copy()
    changed_targets[:, 4:] = _data(1)[0][:, 4:]
    changed_memory[0, 3:] = 50.0
    changed_memory[1, 4:] = -50.0
    after = ops.convert_to_numpy(block(changed_targets, changed_memory, memory_mask=mask))
    np.testing.assert_allclose(after[:, :4], before[:, :4], atol=1e-5)
    assert not np.allclose(after[:, 4:], before[:, 4:])


def test_save_and_load_round_trip(tmp_path):
    targets_in, memory_in = keras.Input((6, 16)), keras.Input((5, 16))
    model = keras.Model([targets_in, memory_in], TransformerDecoderBlock(2, 24, 0.1)(targets_in, memory_in))
    targets, memory = _data(2)
    model.save(tmp_path / "decoder.keras")
    loaded = keras.saving.load_model(tmp_path / "decoder.keras")
    np.testing.assert_allclose(ops.convert_to_numpy(loaded([targets, memory])),
                               ops.convert_to_numpy(model([targets, memory])), atol=1e-5)
