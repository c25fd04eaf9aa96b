"""One pre-norm transformer block, as in GPT-2 and nanoGPT:

    x = x + attention(norm(x))          causal for a decoder, bidirectional for an encoder
    x = x + feed_forward(norm(x))

Normalising before each sub-layer (not after, as the 2017 paper did) keeps a clean residual path
and trains stably without learning-rate warm-up at this size.
"""

import keras
from keras import layers

from keraslab.layers.multi_head_self_attention import MultiHeadSelfAttention


@keras.saving.register_keras_serializable(package="keraslab")
class TransformerBlock(layers.Layer):
    """Inputs `(batch, length, d_model)` -> same shape. `causal=True`: no position sees the future."""

    def __init__(self, num_heads, feed_forward_dim, dropout_rate=0.0, causal=False, **kwargs):
        super().__init__(**kwargs)
        self.num_heads = num_heads
        self.feed_forward_dim = feed_forward_dim
        self.dropout_rate = dropout_rate
        self.causal = causal
        self.supports_masking = True

    def build(self, input_shape):
        d_model = input_shape[-1]
        if d_model % self.num_heads:
            raise ValueError(f"TransformerBlock: d_model {d_model} must be divisible by num_heads "
                             f"{self.num_heads}; change one of them.")
        self.attention_norm = layers.LayerNormalization(epsilon=1e-5)
        self.attention = MultiHeadSelfAttention(self.num_heads, d_model // self.num_heads, self.dropout_rate)
        self.attention_dropout = layers.Dropout(self.dropout_rate)
        self.feed_forward_norm = layers.LayerNormalization(epsilon=1e-5)
        self.expand = layers.Dense(self.feed_forward_dim, activation="gelu")
        self.project = layers.Dense(d_model)
        self.feed_forward_dropout = layers.Dropout(self.dropout_rate)
        for layer in (self.attention_norm, self.attention, self.feed_forward_norm):
            layer.build(input_shape)
        self.expand.build(input_shape)
        self.project.build((*input_shape[:-1], self.feed_forward_dim))

    def call(self, inputs, mask=None, training=None):
        attended = self.attention(self.attention_norm(inputs), use_causal_mask=self.causal, mask=mask,
                                  training=training)
        x = inputs + self.attention_dropout(attended, training=training)
        fed = self.project(self.expand(self.feed_forward_norm(x)))
        return x + self.feed_forward_dropout(fed, training=training)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "num_heads": self.num_heads, "feed_forward_dim": self.feed_forward_dim,
                "dropout_rate": self.dropout_rate, "causal": self.causal}
