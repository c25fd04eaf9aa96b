"""Text classifiers over word ids `(batch, length)` (0 = padding) -> class logits.

The transformer encoder reads words in context; the bag-of-words baseline only counts them.
"""

import keras
from keras import layers, ops

from keraslab.layers.learned_positional_embedding import LearnedPositionalEmbedding
from keraslab.layers.transformer_block import TransformerBlock


def build_transformer_classifier(vocabulary_size, sequence_length, num_classes, d_model=64, num_heads=4,
                                 feed_forward_dim=128, num_layers=1, dropout_rate=0.2, name="transformer_classifier"):
    tokens = keras.Input((sequence_length,), dtype="int32", name="tokens")
    mask = ops.not_equal(tokens, 0)
    x = layers.Embedding(vocabulary_size, d_model, name="token_embedding")(tokens)
    x = LearnedPositionalEmbedding(sequence_length, name="positions")(x)
    for index in range(num_layers):
        x = TransformerBlock(num_heads, feed_forward_dim, dropout_rate, name=f"encoder_{index}")(x, mask=mask)
    x = layers.GlobalAveragePooling1D()(x, mask=mask)  # average over real words, not padding
    x = layers.Dropout(dropout_rate)(x)
    return keras.Model(tokens, layers.Dense(num_classes, name="logits")(x), name=name)


def build_bag_of_words_classifier(vocabulary_size, num_classes, name="bag_of_words"):
    """Logistic regression on word frequencies (a `(batch, vocabulary)` input)."""
    counts = keras.Input((vocabulary_size,), name="word_frequencies")
    return keras.Model(counts, layers.Dense(num_classes, name="logits")(counts), name=name)
