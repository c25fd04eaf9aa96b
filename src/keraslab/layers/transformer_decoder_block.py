"""One pre-norm transformer decoder block for encoder-decoder models:

    x = x + self_attention(norm(x))              causal: a target token sees earlier targets only
    x = x + cross_attention(norm(x), memory)     every target token reads the encoded source
    x = x + feed_forward(norm(x))
"""

import keras
from keras import layers, ops

from keraslab.layers.multi_head_self_attention import MultiHeadSelfAttention


@keras.saving.register_keras_serializable(package="keraslab")
class TransformerDecoderBlock(layers.Layer):
    """call(targets `(batch, t, d)`, memory `(batch, s, d)`, memory_mask `(batch, s)` of real source tokens)."""

    def __init__(self, num_heads, feed_forward_dim, dropout_rate=0.0, **kwargs):
        super().__init__(**kwargs)
        self.num_heads = num_heads
        self.feed_forward_dim = feed_forward_dim
        self.dropout_rate = dropout_rate

    def build(self, inputs_shape, memory_shape):
        d_model = inputs_shape[-1]
        if d_model % self.num_heads:
            raise ValueError(f"TransformerDecoderBlock: d_model {d_model} must be divisible by num_heads "
                             f"{self.num_heads}; change one of them.")
        key_dim = d_model // self.num_heads
        self.self_norm = layers.LayerNormalization(epsilon=1e-5)
        self.self_attention = MultiHeadSelfAttention(self.num_heads, key_dim, self.dropout_rate)
        self.cross_norm = layers.LayerNormalization(epsilon=1e-5)
        self.cross_attention = layers.MultiHeadAttention(self.num_heads, key_dim, dropout=self.dropout_rate)
        self.feed_forward_norm = layers.LayerNormalization(epsilon=1e-5)
        self.expand = layers.Dense(self.feed_forward_dim, activation="gelu")
        self.project = layers.Dense(d_model)
        self.dropout = layers.Dropout(self.dropout_rate)
        # Built here, not on first call, so a saved model's weights have somewhere to load into.
        for layer in (self.self_norm, self.self_attention, self.cross_norm, self.feed_forward_norm):
            layer.build(inputs_shape)
        self.cross_attention.build(inputs_shape, memory_shape)
        self.expand.build(inputs_shape)
        self.project.build((*inputs_shape[:-1], self.feed_forward_dim))

    def call(self, inputs, memory, memory_mask=None, training=None):
        x = inputs + self.dropout(self.self_attention(self.self_norm(inputs), use_causal_mask=True,
                                                      training=training), training=training)
        cross_mask = None if memory_mask is None else ops.expand_dims(ops.cast(memory_mask, "bool"), 1)
        read = self.cross_attention(self.cross_norm(x), memory, attention_mask=cross_mask, training=training)
        x = x + self.dropout(read, training=training)
        fed = self.project(self.expand(self.feed_forward_norm(x)))
        return x + self.dropout(fed, training=training)

    def compute_output_shape(self, inputs_shape, memory_shape):
        return inputs_shape

    def get_config(self):
        return {**super().get_config(), "num_heads": self.num_heads, "feed_forward_dim": self.feed_forward_dim,
                "dropout_rate": self.dropout_rate}
