"""A small U-Net that predicts the noise in a noisy image, given how noisy it is (the timestep).

Down path: a residual block per level, halving the image between levels; up path: upsample, join
the skip from the same level, residual block. The timestep enters every block as a per-channel
shift, so each block can treat a nearly clean image differently from pure noise.
"""

import keras
from keras import layers

from keraslab.layers.timestep_embedding import TimestepEmbedding


def check_unet_size(image_shape, widths):
    """Raise ValueError when the image cannot be halved len(widths) - 1 times."""
    halvings = len(widths) - 1
    height, width = image_shape[0], image_shape[1]
    factor = 2 ** halvings
    if height % factor or width % factor:
        raise ValueError(f"A U-Net with {len(widths)} levels halves the image {halvings} times, so its sides "
                         f"must be multiples of {factor}; got {height}x{width}. Use fewer levels (widths) "
                         f"or resize the images.")


def residual_block(x, embedding, width, name):
    shortcut = x if x.shape[-1] == width else layers.Conv2D(width, 1, name=f"{name}_shortcut")(x)
    x = layers.Conv2D(width, 3, padding="same", activation="swish", name=f"{name}_conv_1")(x)
    shift = layers.Dense(width, name=f"{name}_time")(embedding)
    x = x + layers.Reshape((1, 1, width), name=f"{name}_time_shape")(shift)
    x = layers.Conv2D(width, 3, padding="same", activation="swish", name=f"{name}_conv_2")(x)
    return layers.Add(name=f"{name}_add")([x, shortcut])


def build_unet(image_shape, widths=(16, 32, 64), embedding_dim=64, name="unet"):
    """Inputs [noisy images, timesteps (batch, 1)] -> predicted noise, same shape as the images."""
    check_unet_size(image_shape, widths)
    images = keras.Input(shape=image_shape, name="noisy_images")
    timesteps = keras.Input(shape=(1,), name="timesteps")
    embedding = TimestepEmbedding(embedding_dim, name="time_embedding")(timesteps)
    embedding = layers.Dense(4 * embedding_dim, activation="swish", name="time_dense")(embedding)

    x = layers.Conv2D(widths[0], 3, padding="same", name="stem")(images)
    skips = []
    for level, width in enumerate(widths):
        x = residual_block(x, embedding, width, f"down_{level}")
        if level < len(widths) - 1:
            skips.append(x)
            x = layers.AveragePooling2D(2, name=f"downsample_{level}")(x)
    x = residual_block(x, embedding, widths[-1], "middle")
    for level in reversed(range(len(widths) - 1)):
        x = layers.UpSampling2D(2, name=f"upsample_{level}")(x)
        x = layers.Concatenate(name=f"skip_{level}")([x, skips[level]])
        x = residual_block(x, embedding, widths[level], f"up_{level}")
    # Zero-initialised output: the untrained net predicts "no noise", a calm start for the loss.
    outputs = layers.Conv2D(image_shape[-1], 3, padding="same", kernel_initializer="zeros", name="noise")(x)
    return keras.Model([images, timesteps], outputs, name=name)
