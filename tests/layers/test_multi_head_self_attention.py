"""MultiHeadSelfAttention against keras.layers.MultiHeadAttention with the same weights, and its masks."""

import keras
import numpy as np
import pytest
from keras import ops

from keraslab.layers.multi_head_self_attention import MultiHeadSelfAttention

BATCH, LENGTH, D_MODEL, HEADS, KEY_DIM = 3, 7, 16, 4, 5


def _pair(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((BATCH, LENGTH, D_MODEL)).astype("float32")
    reference = keras.layers.MultiHeadAttention(num_heads=HEADS, key_dim=KEY_DIM)
    reference(x, x)
    # Random biases too, so a mix-up of bias and kernel order cannot pass.
    reference.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.3 for w in reference.get_weights()])
    ours = MultiHeadSelfAttention(num_heads=HEADS, key_dim=KEY_DIM)
    ours(x)
    ours.set_weights(reference.get_weights())
    return x, reference, ours


def test_matches_keras_multi_head_attention_without_mask():
    x, reference, ours = _pair()
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)), ops.convert_to_numpy(reference(x, x)),
                               atol=1e-5, rtol=1e-5)


def test_matches_keras_multi_head_attention_with_causal_mask():
    x, reference, ours = _pair(1)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x, use_causal_mask=True)),
                               ops.convert_to_numpy(reference(x, x, use_causal_mask=True)), atol=1e-5, rtol=1e-5)


def test_matches_keras_multi_head_attention_with_attention_mask():
    x, reference, ours = _pair(2)
    mask = np.random.default_rng(3).random((BATCH, LENGTH, LENGTH)) > 0.4
    mask[:, :, 0] = True  # every query sees at least one key
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x, attention_mask=mask)),
                               ops.convert_to_numpy(reference(x, x, attention_mask=mask)), atol=1e-5, rtol=1e-5)


def test_numpy_reference_single_head():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1, 4, 6)).astype("float32")
    layer = MultiHeadSelfAttention(num_heads=1, key_dim=3)
    layer(x)
    wq, bq, wk, bk, wv, bv, wo, bo = layer.get_weights()
    q, k, v = (x[0] @ w[:, 0] + b[0] for w, b in ((wq, bq), (wk, bk), (wv, bv)))
    scores = q @ k.T / np.sqrt(3)
    weights = np.exp(scores - scores.max(1, keepdims=True))
    weights /= weights.sum(1, keepdims=True)
    expected = (weights @ v) @ wo[0] + bo
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x))[0], expected, atol=1e-5)


def test_causal_mask_future_tokens_do_not_move_earlier_outputs():
    x, _, ours = _pair(5)
    changed = x.copy()
    changed[:, 4:] = np.random.default_rng(6).standard_normal(changed[:, 4:].shape)
    before = ops.convert_to_numpy(ours(x, use_causal_mask=True))
    after = ops.convert_to_numpy(ours(changed, use_causal_mask=True))
    np.testing.assert_allclose(after[:, :4], before[:, :4], atol=1e-6)
    assert not np.allclose(after[:, 4:], before[:, 4:])


def test_padding_mask_hides_padded_keys():
    x, _, ours = _pair(7)
    padding = np.ones((BATCH, LENGTH), bool)
    padding[:, 5:] = False
    changed = x.copy()
    changed[:, 5:] += 10.0
    np.testing.assert_allclose(ops.convert_to_numpy(ours(changed, mask=padding))[:, :5],
                               ops.convert_to_numpy(ours(x, mask=padding))[:, :5], atol=1e-5)


@pytest.mark.parametrize("layer", [MultiHeadSelfAttention(2, 8, dropout_rate=0.1, name="attention")])
def test_config_and_save_round_trip(layer, tmp_path):
    restored = MultiHeadSelfAttention.from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()
    inputs = keras.Input((5, 12))
    model = keras.Model(inputs, layer(inputs))
    x = np.random.default_rng(8).standard_normal((2, 5, 12)).astype("float32")
    model.save(tmp_path / "attention.keras")
    loaded = keras.saving.load_model(tmp_path / "attention.keras")
    np.testing.assert_allclose(ops.convert_to_numpy(loaded(x)), ops.convert_to_numpy(model(x)), atol=1e-6)
