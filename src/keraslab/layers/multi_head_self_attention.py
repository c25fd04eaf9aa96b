"""Multi-head self-attention written out in `keras.ops`: project, split heads, scaled dot product, mask.

The weights have the shapes `keras.layers.MultiHeadAttention` uses (kernels `(d_model, heads, key_dim)`,
output `(heads, key_dim, d_model)`), in the same order, so `set_weights(mha.get_weights())` makes
the two layers compute the same function; a test holds them to 1e-5.

    scores  = (x Wq)(x Wk)^T / sqrt(key_dim)      per head
    weights = softmax(scores + mask)              masked positions get -1e9 before the softmax
    output  = concat_heads(weights (x Wv)) Wo
"""

import keras
from keras import layers, ops

# What a masked score becomes: large enough that exp() underflows to 0, as Keras' own Softmax does.
_MASKED_SCORE = -1e9


def causal_mask(length):
    """(length, length) booleans: position i may attend to positions j <= i, never to the future."""
    positions = ops.arange(length)
    return ops.expand_dims(positions, 1) >= ops.expand_dims(positions, 0)


@keras.saving.register_keras_serializable(package="keraslab")
class MultiHeadSelfAttention(layers.Layer):
    """Self-attention over `(batch, length, d_model)`.

    Masks: `use_causal_mask=True` hides the future; `attention_mask` `(batch, length, length)` says
    which keys each query may see; a Keras padding mask `(batch, length)` hides padded keys.
    """

    def __init__(self, num_heads, key_dim, dropout_rate=0.0, **kwargs):
        super().__init__(**kwargs)
        self.num_heads = num_heads
        self.key_dim = key_dim
        self.dropout_rate = dropout_rate
        self.supports_masking = True

    def build(self, input_shape):
        d_model = input_shape[-1]
        projection = (d_model, self.num_heads, self.key_dim)
        head_bias = (self.num_heads, self.key_dim)
        self.query_kernel = self.add_weight(name="query_kernel", shape=projection, initializer="glorot_uniform")
        self.query_bias = self.add_weight(name="query_bias", shape=head_bias, initializer="zeros")
        self.key_kernel = self.add_weight(name="key_kernel", shape=projection, initializer="glorot_uniform")
        self.key_bias = self.add_weight(name="key_bias", shape=head_bias, initializer="zeros")
        self.value_kernel = self.add_weight(name="value_kernel", shape=projection, initializer="glorot_uniform")
        self.value_bias = self.add_weight(name="value_bias", shape=head_bias, initializer="zeros")
        self.output_kernel = self.add_weight(name="output_kernel", shape=(self.num_heads, self.key_dim, d_model),
                                             initializer="glorot_uniform")
        self.output_bias = self.add_weight(name="output_bias", shape=(d_model,), initializer="zeros")
        self.dropout = layers.Dropout(self.dropout_rate)

    def call(self, inputs, attention_mask=None, use_causal_mask=False, mask=None, training=None):
        # Projections straight into heads: (batch, length, heads, key_dim).
        query = ops.einsum("btd,dhk->bthk", inputs, self.query_kernel) + self.query_bias
        key = ops.einsum("btd,dhk->bthk", inputs, self.key_kernel) + self.key_bias
        value = ops.einsum("btd,dhk->bthk", inputs, self.value_kernel) + self.value_bias

        # Scaling the query (not the scores) is what Keras does; the same order keeps rounding equal.
        query = query * ops.cast(1.0 / self.key_dim ** 0.5, query.dtype)
        scores = ops.einsum("bqhk,bshk->bhqs", query, key)

        visible = self._visible(inputs, attention_mask, use_causal_mask, mask)
        if visible is not None:
            hidden = 1.0 - ops.cast(ops.expand_dims(visible, 1), scores.dtype)  # broadcast over heads
            scores = scores + hidden * _MASKED_SCORE
        weights = self.dropout(ops.softmax(scores, axis=-1), training=training)

        context = ops.einsum("bhqs,bshk->bqhk", weights, value)
        return ops.einsum("bqhk,hkd->bqd", context, self.output_kernel) + self.output_bias

    @staticmethod
    def _visible(inputs, attention_mask, use_causal_mask, padding_mask):
        """(batch or 1, length, length) booleans of which key each query may see, or None."""
        visible = None
        if attention_mask is not None:
            visible = ops.cast(attention_mask, "bool")
        if padding_mask is not None:
            keys = ops.expand_dims(ops.cast(padding_mask, "bool"), 1)  # (batch, 1, length)
            visible = keys if visible is None else ops.logical_and(visible, keys)
        if use_causal_mask:
            causal = ops.expand_dims(causal_mask(ops.shape(inputs)[1]), 0)
            visible = causal if visible is None else ops.logical_and(visible, causal)
        return visible

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "num_heads": self.num_heads, "key_dim": self.key_dim,
                "dropout_rate": self.dropout_rate}
