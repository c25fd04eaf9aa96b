"""An image captioner: a small CNN turns the picture into a grid of feature tokens; a transformer
decoder writes the caption word by word, attending to its own words (causally) and to the grid."""

import keras
from keras import layers

from keraslab.layers.learned_positional_embedding import LearnedPositionalEmbedding


def build_captioner(image_shape, vocabulary_size, max_length, dim=64, num_heads=4, conv_filters=(32, 64)):
    """Inputs [images uint8, caption tokens (batch, max_length)] -> next-token logits per position."""
    images = keras.Input(shape=image_shape, name="images")
    x = layers.Rescaling(1 / 255, name="rescale")(images)
    for index, filters in enumerate(conv_filters):
        x = layers.Conv2D(filters, 3, strides=2, padding="same", activation="relu", name=f"conv_{index + 1}")(x)
    grid = layers.Reshape((-1, x.shape[-1]), name="grid_tokens")(x)
    grid = LearnedPositionalEmbedding(grid.shape[1], name="grid_positions")(layers.Dense(dim, name="grid_project")(grid))

    tokens = keras.Input(shape=(max_length,), dtype="int32", name="tokens")
    y = layers.Embedding(vocabulary_size, dim, name="word_embedding")(tokens)
    y = LearnedPositionalEmbedding(max_length, name="word_positions")(y)
    attended = layers.MultiHeadAttention(num_heads, dim // num_heads, name="self_attention")(y, y, use_causal_mask=True)
    y = layers.LayerNormalization(name="norm_1")(y + attended)
    attended = layers.MultiHeadAttention(num_heads, dim // num_heads, name="cross_attention")(y, grid)
    y = layers.LayerNormalization(name="norm_2")(y + attended)
    hidden = layers.Dense(2 * dim, activation="relu", name="feed_forward_1")(y)
    y = layers.LayerNormalization(name="norm_3")(y + layers.Dense(dim, name="feed_forward_2")(hidden))
    logits = layers.Dense(vocabulary_size, name="next_word")(y)
    return keras.Model([images, tokens], logits, name="captioner")
