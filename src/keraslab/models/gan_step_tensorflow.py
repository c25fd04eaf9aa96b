"""The GAN's alternating training step on TensorFlow: one tape per update."""

import keras
import tensorflow as tf


def train_step(gan, data):
    real = data[0] if isinstance(data, (list, tuple)) else data
    batch = tf.shape(real)[0]

    codes = keras.random.normal((batch, gan.latent_dim), seed=gan.seed_generator)
    fake = gan.generator(codes, training=True)
    with tf.GradientTape() as tape:
        d_loss = gan.discriminator_loss(gan.discriminator(real, training=True),
                                        gan.discriminator(fake, training=True))
    weights = gan.discriminator.trainable_variables
    gan.d_optimizer.apply(tape.gradient(d_loss, weights), weights)

    codes = keras.random.normal((batch, gan.latent_dim), seed=gan.seed_generator)
    with tf.GradientTape() as tape:
        g_loss = gan.generator_loss(gan.discriminator(gan.generator(codes, training=True), training=True))
    weights = gan.generator.trainable_variables
    gan.g_optimizer.apply(tape.gradient(g_loss, weights), weights)

    gan.d_loss_tracker.update_state(d_loss)
    gan.g_loss_tracker.update_state(g_loss)
    return {m.name: m.result() for m in gan.metrics}
