"""DCGAN networks for small grey images (Radford et al., 2016), sized for a 2-core CPU.

Generator: Dense -> (side/4, side/4, 2w) -> two stride-2 transpose convolutions -> tanh image.
Discriminator: two stride-2 convolutions with LeakyReLU -> one logit (real vs generated).
No batch normalisation: the GAN's training step then has no moving statistics to thread through
the discriminator's and the generator's separate updates, and these small nets train without it.
"""

import keras
from keras import layers


def build_generator(latent_dim, image_shape, width=32):
    side = image_shape[0] // 4
    codes = keras.Input(shape=(latent_dim,), name="z")
    x = layers.Dense(side * side * 2 * width, name="project")(codes)
    x = layers.LeakyReLU(0.2, name="project_relu")(x)
    x = layers.Reshape((side, side, 2 * width), name="reshape")(x)
    x = layers.Conv2DTranspose(2 * width, 4, strides=2, padding="same", name="up_1")(x)
    x = layers.LeakyReLU(0.2, name="up_1_relu")(x)
    x = layers.Conv2DTranspose(width, 4, strides=2, padding="same", name="up_2")(x)
    x = layers.LeakyReLU(0.2, name="up_2_relu")(x)
    images = layers.Conv2D(image_shape[-1], 5, padding="same", activation="tanh", name="image")(x)
    return keras.Model(codes, images, name="generator")


def build_discriminator(image_shape, width=32):
    images = keras.Input(shape=image_shape, name="images")
    x = layers.Conv2D(width, 4, strides=2, padding="same", name="down_1")(images)
    x = layers.LeakyReLU(0.2, name="down_1_relu")(x)
    x = layers.Conv2D(2 * width, 4, strides=2, padding="same", name="down_2")(x)
    x = layers.LeakyReLU(0.2, name="down_2_relu")(x)
    x = layers.Flatten(name="flatten")(x)
    logits = layers.Dense(1, name="real_logit")(x)
    return keras.Model(images, logits, name="discriminator")
