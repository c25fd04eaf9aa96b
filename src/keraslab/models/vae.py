"""VAE: a variational autoencoder (Kingma & Welling, 2014) whose loss is reconstruction plus KL.

The encoder gives a mean and log-variance per latent dimension; `Sampling` draws z from them and
adds the KL divergence from the prior N(0, 1) through `add_loss`; the decoder maps z back to
pixel probabilities. `compute_loss` adds the reconstruction term (binary cross-entropy summed over
pixels, as in the keras-io VAE, so the numbers compare), which makes `fit` train it on every backend.
"""

import keras
from keras import ops

from keraslab.layers.sampling import Sampling


@keras.saving.register_keras_serializable(package="keraslab")
class VAE(keras.Model):
    """`encoder(images) -> [z_mean, z_log_var]`, `decoder(z) -> images` with values in [0, 1]."""

    def __init__(self, encoder, decoder, kl_weight=1.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.kl_weight = kl_weight
        self.seed = seed
        self.sampling = Sampling(kl_weight=kl_weight, seed=seed, name="sampling")
        self.built = True  # the networks it wraps are already built

    @property
    def latent_dim(self):
        return self.decoder.inputs[0].shape[-1]

    def call(self, images, training=None):
        z_mean, z_log_var = self.encoder(images, training=training)
        return self.decoder(self.sampling([z_mean, z_log_var]), training=training)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        per_pixel = keras.losses.binary_crossentropy(x, y_pred)
        reconstruction = ops.mean(ops.sum(ops.reshape(per_pixel, (ops.shape(per_pixel)[0], -1)), axis=1))
        # The KL term arrives through add_loss from the Sampling layer.
        return reconstruction + sum(self.losses)

    def get_config(self):
        return {**super().get_config(), "encoder": keras.saving.serialize_keras_object(self.encoder),
                "decoder": keras.saving.serialize_keras_object(self.decoder),
                "kl_weight": self.kl_weight, "seed": self.seed}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for part in ("encoder", "decoder"):
            config[part] = keras.saving.deserialize_keras_object(config[part])
        return cls(**config)


def build_vae(image_shape, latent_dim=16, hidden_units=(512, 256), seed=None):
    """A dense VAE: flatten -> hidden layers -> (mean, log-variance); mirror image back to pixels."""
    if int(latent_dim) <= 0:
        raise ValueError(f"latent_dim must be a positive integer, got {latent_dim}. Use e.g. latent_dim=16.")
    images = keras.Input(shape=image_shape, name="images")
    x = keras.layers.Flatten(name="flatten")(images)
    for index, units in enumerate(hidden_units):
        x = keras.layers.Dense(int(units), activation="relu", name=f"dense_{index + 1}")(x)
    z_mean = keras.layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = keras.layers.Dense(latent_dim, name="z_log_var")(x)
    encoder = keras.Model(images, [z_mean, z_log_var], name="encoder")

    codes = keras.Input(shape=(latent_dim,), name="z")
    x = codes
    for index, units in enumerate(reversed(hidden_units)):
        x = keras.layers.Dense(int(units), activation="relu", name=f"dense_{index + 1}")(x)
    size = 1
    for side in image_shape:
        size *= side
    x = keras.layers.Dense(size, activation="sigmoid", name="pixels")(x)
    decoder = keras.Model(codes, keras.layers.Reshape(image_shape, name="image")(x), name="decoder")
    return VAE(encoder, decoder, seed=seed, name="vae")
