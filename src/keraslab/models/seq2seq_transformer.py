"""An encoder-decoder transformer ("Attention is all you need", small): source ids and the target
shifted right (teacher forcing) -> logits for every target position.

The encoder is bidirectional over the source, with padding hidden by a mask; the decoder is causal,
so at inference the same model decodes one position at a time from a right-padded prefix.
"""

import keras
from keras import layers, ops

from keraslab.layers.sinusoidal_positional_embedding import SinusoidalPositionalEmbedding
from keraslab.layers.transformer_block import TransformerBlock
from keraslab.layers.transformer_decoder_block import TransformerDecoderBlock


def build_seq2seq_transformer(source_vocabulary, target_vocabulary, source_length, target_length, d_model=64,
                              num_heads=4, feed_forward_dim=128, num_layers=2, dropout_rate=0.1,
                              name="seq2seq_transformer"):
    source = keras.Input((source_length,), dtype="int32", name="source")
    target = keras.Input((target_length,), dtype="int32", name="target_in")
    source_mask = ops.not_equal(source, 0)  # id 0 pads the source

    memory = layers.Embedding(source_vocabulary, d_model, name="source_embedding")(source)
    memory = SinusoidalPositionalEmbedding()(memory)
    for index in range(num_layers):
        memory = TransformerBlock(num_heads, feed_forward_dim, dropout_rate, name=f"encoder_{index}")(
            memory, mask=source_mask)
    memory = layers.LayerNormalization(epsilon=1e-5, name="encoder_norm")(memory)

    x = layers.Embedding(target_vocabulary, d_model, name="target_embedding")(target)
    x = SinusoidalPositionalEmbedding()(x)
    for index in range(num_layers):
        x = TransformerDecoderBlock(num_heads, feed_forward_dim, dropout_rate, name=f"decoder_{index}")(
            x, memory, memory_mask=source_mask)
    x = layers.LayerNormalization(epsilon=1e-5, name="decoder_norm")(x)
    logits = layers.Dense(target_vocabulary, name="logits")(x)
    return keras.Model([source, target], logits, name=name)
