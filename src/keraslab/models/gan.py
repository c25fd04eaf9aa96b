"""GAN: a generator and THE discriminator that judges it, trained by alternating updates.

Each training step (1) updates the discriminator on real images (target 0.9: one-sided label
smoothing, Salimans et al. 2016) and on the generator's current fakes (target 0), with the
discriminator's optimizer and only its weights; then (2) updates the generator through that same,
just-updated discriminator, with the generator's optimizer and only the generator's weights. The
course's notebook rebuilt the discriminator after building the combined model, so the generator
was judged by a different network from the one being trained; here there is one discriminator.

Two optimizers over two sets of weights do not fit `compute_loss`, so the step is written once per
backend (gan_step_tensorflow.py, gan_step_jax.py, gan_step_torch.py); this file holds what they share.
"""

import importlib

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keraslab")
class GAN(keras.Model):
    def __init__(self, generator, discriminator, latent_dim, label_smoothing=0.1, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(latent_dim)
        self.label_smoothing = label_smoothing
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.built = True  # the networks it wraps are already built
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self._step = importlib.import_module(f"keraslab.models.gan_step_{keras.backend.backend()}")

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker]

    def compile(self, d_optimizer, g_optimizer, **kwargs):
        # Each optimizer is built on its own network's weights only, so it can never move the other's.
        d_optimizer.build(self.discriminator.trainable_variables)
        g_optimizer.build(self.generator.trainable_variables)
        self.g_optimizer = g_optimizer
        # Keras' own optimizer slot holds the discriminator's; the JAX step runs its own jitted update.
        if keras.backend.backend() == "jax":
            kwargs["jit_compile"] = False
        super().compile(optimizer=d_optimizer, **kwargs)

    def get_compile_config(self):
        return {"d_optimizer": keras.saving.serialize_keras_object(self.d_optimizer),
                "g_optimizer": keras.saving.serialize_keras_object(self.g_optimizer)}

    def compile_from_config(self, config):
        self.compile(keras.saving.deserialize_keras_object(config["d_optimizer"]),
                     keras.saving.deserialize_keras_object(config["g_optimizer"]))

    @property
    def d_optimizer(self):
        return self.optimizer

    def call(self, images, training=None):
        # The model's input is what it trains on: images. It answers how real they look (logits);
        # `generate` makes images.
        return self.discriminator(images, training=training)

    def discriminator_loss(self, real_logits, fake_logits):
        real = ops.mean(ops.binary_crossentropy(ops.full_like(real_logits, 1.0 - self.label_smoothing),
                                                real_logits, from_logits=True))
        fake = ops.mean(ops.binary_crossentropy(ops.zeros_like(fake_logits), fake_logits, from_logits=True))
        return real + fake

    @staticmethod
    def generator_loss(fake_logits):
        # Non-saturating loss: the generator maximises log D(G(z)) rather than minimising log(1 - D(G(z))).
        return ops.mean(ops.binary_crossentropy(ops.ones_like(fake_logits), fake_logits, from_logits=True))

    def train_step(self, *args):
        # Keras calls train_step(data) on TensorFlow and torch, train_step(state, data) on JAX.
        return self._step.train_step(self, *args)

    def generate(self, codes):
        """Images in [-1, 1] for latent codes (NumPy in, NumPy out)."""
        return ops.convert_to_numpy(self.generator.predict_on_batch(codes))

    def get_config(self):
        return {**super().get_config(), "generator": keras.saving.serialize_keras_object(self.generator),
                "discriminator": keras.saving.serialize_keras_object(self.discriminator),
                "latent_dim": self.latent_dim, "label_smoothing": self.label_smoothing, "seed": self.seed}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for part in ("generator", "discriminator"):
            config[part] = keras.saving.deserialize_keras_object(config[part])
        return cls(**config)
