"""The GAN's alternating training step on PyTorch: backward, then apply to one network's weights."""

import keras
import torch


def _apply(optimizer, loss, weights, model):
    model.zero_grad()
    loss.backward()
    gradients = [w.value.grad for w in weights]
    with torch.no_grad():
        optimizer.apply(gradients, weights)


def train_step(gan, data):
    real = data[0] if isinstance(data, (list, tuple)) else data
    batch = real.shape[0]

    codes = keras.random.normal((batch, gan.latent_dim), seed=gan.seed_generator)
    with torch.no_grad():
        fake = gan.generator(codes, training=True)
    d_loss = gan.discriminator_loss(gan.discriminator(real, training=True),
                                    gan.discriminator(fake, training=True))
    _apply(gan.d_optimizer, d_loss, gan.discriminator.trainable_variables, gan)

    codes = keras.random.normal((batch, gan.latent_dim), seed=gan.seed_generator)
    g_loss = gan.generator_loss(gan.discriminator(gan.generator(codes, training=True), training=True))
    _apply(gan.g_optimizer, g_loss, gan.generator.trainable_variables, gan)

    gan.d_loss_tracker.update_state(d_loss.detach())
    gan.g_loss_tracker.update_state(g_loss.detach())
    return {m.name: m.result() for m in gan.metrics}
