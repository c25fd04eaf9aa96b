"""Next-token models: ids `(batch, length)` -> logits `(batch, length, vocabulary)`.

Both return logits, not probabilities: the loss applies the softmax itself (`from_logits=True`),
which is exact and stable. The course's notebook fed logits to a loss expecting probabilities and
left out the causal mask, so its loss never moved from 10.4.
"""

import keras
from keras import layers

from keraslab.layers.learned_positional_embedding import LearnedPositionalEmbedding
from keraslab.layers.sinusoidal_positional_embedding import SinusoidalPositionalEmbedding
from keraslab.layers.transformer_block import TransformerBlock


def build_transformer_language_model(vocabulary_size, sequence_length, embedding_dim=128, num_layers=4,
                                     num_heads=4, feed_forward_dim=512, dropout_rate=0.0,
                                     positional_embedding="learned", name="transformer_language_model"):
    """Decoder-only (GPT-style): every block is causal, so position t predicts token t+1 from tokens <= t."""
    tokens = keras.Input((sequence_length,), dtype="int32", name="tokens")
    x = layers.Embedding(vocabulary_size, embedding_dim, name="token_embedding")(tokens)
    if positional_embedding == "learned":
        x = LearnedPositionalEmbedding(sequence_length, name="positions")(x)
    else:
        x = SinusoidalPositionalEmbedding(name="positions")(x)
    x = layers.Dropout(dropout_rate)(x)
    for index in range(num_layers):
        x = TransformerBlock(num_heads, feed_forward_dim, dropout_rate, causal=True, name=f"block_{index}")(x)
    x = layers.LayerNormalization(epsilon=1e-5, name="final_norm")(x)
    logits = layers.Dense(vocabulary_size, name="logits")(x)
    return keras.Model(tokens, logits, name=name)


def build_recurrent_language_model(kind, vocabulary_size, sequence_length, embedding_dim=128, units=512,
                                   num_layers=1, dropout_rate=0.0, name=None):
    """char-rnn: embedding, stacked LSTM or GRU returning every step, logits. Recurrence is causal by nature."""
    recurrent = {"lstm": layers.LSTM, "gru": layers.GRU}[kind]
    tokens = keras.Input((sequence_length,), dtype="int32", name="tokens")
    x = layers.Embedding(vocabulary_size, embedding_dim, name="token_embedding")(tokens)
    for index in range(num_layers):
        x = recurrent(units, return_sequences=True, name=f"{kind}_{index}")(x)
        x = layers.Dropout(dropout_rate)(x)
    logits = layers.Dense(vocabulary_size, name="logits")(x)
    return keras.Model(tokens, logits, name=name or f"{kind}_language_model")
