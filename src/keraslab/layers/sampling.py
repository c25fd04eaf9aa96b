"""Sampling: the VAE's reparameterisation trick, z = mean + exp(log_var / 2) * noise.

Drawing z this way keeps the draw differentiable in the mean and log-variance, so the encoder
learns through it. The layer also adds the KL divergence of N(mean, var) from N(0, 1) as a loss
(`add_loss`), so any model that uses it is pulled towards the prior on every backend.
"""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keraslab")
class Sampling(keras.layers.Layer):
    """Inputs [z_mean, z_log_var] -> z. `kl_weight` scales the KL loss it adds (0: none)."""

    def __init__(self, kl_weight=1.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.kl_weight = kl_weight
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        z_mean, z_log_var = inputs
        if self.kl_weight:
            # KL(N(mean, var) || N(0, 1)) summed over latent dimensions, averaged over the batch; in float32
            # under a mixed-precision policy too, as a loss should be.
            mean, log_var = ops.cast(z_mean, "float32"), ops.cast(z_log_var, "float32")
            kl = -0.5 * ops.sum(1 + log_var - ops.square(mean) - ops.exp(log_var), axis=-1)
            self.add_loss(self.kl_weight * ops.mean(kl))
        # Drawn in the layer's compute dtype: float16 or bfloat16 under a mixed policy, float32 otherwise.
        noise = keras.random.normal(ops.shape(z_mean), dtype=self.compute_dtype, seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * noise

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "kl_weight": self.kl_weight, "seed": self.seed}
