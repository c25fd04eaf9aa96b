"""Diffusion: a denoising diffusion model (Ho et al., 2020) around a noise-predicting network.

Training (every backend, through `compute_loss`): take clean images x_0 in [-1, 1], pick a step t
at random, make x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) noise, and teach the network to
name the noise (mean squared error). Sampling starts from pure noise and walks back: DDPM takes
every one of the T steps (with fresh noise each time); DDIM (Song et al., 2021) takes a few
deterministic steps along the same schedule.

Samples come from an exponential moving average of the network's weights (Ho et al. use 0.9999):
single noise-prediction steps are noisy, and the average of the last few thousand of them draws far
cleaner digits than the weights of any one step. The average is updated inside `compute_loss`, so
it runs in every backend's compiled train step, and it is saved with the model.
"""

import keras
import numpy as np
from keras import ops

from keraslab.layers import timestep_embedding  # noqa: F401  registers the layer a saved U-Net needs
from keraslab.models.noise_schedules import noise_schedule


@keras.saving.register_keras_serializable(package="keraslab")
class Diffusion(keras.Model):
    """`network([x_t, t])` predicts the noise in x_t; `schedule` is "linear" or "cosine"."""

    def __init__(self, network, schedule="cosine", timesteps=1000, ema_momentum=0.999, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= float(ema_momentum) < 1:
            raise ValueError(f"Diffusion ema_momentum must be in [0, 1), got {ema_momentum}. "
                             "Pass e.g. 0.999 (0 samples from the latest weights).")
        self.network = network
        self.schedule = schedule
        self.timesteps = int(timesteps)
        self.ema_momentum = float(ema_momentum)
        self.seed = seed
        self.betas, self.alphas_cumprod = noise_schedule(schedule, self.timesteps)
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.ema_weights = [self.add_weight(shape=tuple(weight.shape), initializer="zeros", trainable=False,
                                            name=f"ema_{index}")
                            for index, weight in enumerate(network.trainable_weights)]
        # Copies through NumPy: under JAX, a variable assigned another's array shares its buffer, and the
        # compiled train step refuses to donate one buffer twice.
        for average, weight in zip(self.ema_weights, network.trainable_weights):
            average.assign(ops.convert_to_numpy(weight))
        self.ema_updates = self.add_weight(shape=(), initializer="zeros", trainable=False, name="ema_updates")
        self.built = True  # the networks it wraps are already built

    def add_noise(self, images, noise, timesteps):
        """The forward process q(x_t | x_0) in closed form, for integer `timesteps` of shape (batch,)."""
        alpha_bar = ops.take(ops.convert_to_tensor(self.alphas_cumprod, "float32"), timesteps)
        alpha_bar = ops.reshape(alpha_bar, (-1, 1, 1, 1))
        return ops.sqrt(alpha_bar) * images + ops.sqrt(1.0 - alpha_bar) * noise

    def call(self, images, training=None):
        """(true noise, predicted noise) for `images` noised to random steps."""
        # The forward process in float32 under a mixed-precision policy too (Keras cast the images to the
        # model's compute dtype); the network casts its own inputs.
        images = ops.cast(images, "float32")
        batch = ops.shape(images)[0]
        timesteps = keras.random.randint((batch,), 0, self.timesteps, seed=self.seed_generator)
        noise = keras.random.normal(ops.shape(images), seed=self.seed_generator)
        noisy = self.add_noise(images, noise, timesteps)
        step = ops.expand_dims(ops.cast(timesteps, "float32"), -1)
        return noise, self.network([noisy, step], training=training)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        noise, predicted = y_pred
        if training:
            self._update_average()
        return ops.mean(ops.square(noise - ops.cast(predicted, "float32")))  # a float16 prediction under mixed

    def _update_average(self):
        """Move the average toward the weights this step starts from (one step behind: immaterial)."""
        # Warm-up (as in TensorFlow's ExponentialMovingAverage with num_updates): early on the average
        # forgets fast, so a short run still samples from trained weights, not from the initial ones.
        updates = self.ema_updates + 1.0
        momentum = ops.minimum(self.ema_momentum, (1.0 + updates) / (10.0 + updates))
        for average, weight in zip(self.ema_weights, self.network.trainable_weights):
            average.assign(momentum * average + (1.0 - momentum) * ops.stop_gradient(weight))
        self.ema_updates.assign(updates)

    def _swap_in_average(self):
        """Exchange the network's weights with the average (calling it twice swaps back)."""
        for average, weight in zip(self.ema_weights, self.network.trainable_weights):
            current = ops.convert_to_numpy(weight)
            weight.assign(ops.convert_to_numpy(average))
            average.assign(current)

    def sample(self, num_images, method="ddim", steps=50, seed=0, batch_size=500):
        """`num_images` images in [-1, 1] (NumPy), by "ddpm" (all T steps) or "ddim" (`steps` steps)."""
        if method not in ("ddpm", "ddim"):
            raise ValueError(f"Sampling method must be 'ddpm' or 'ddim', got '{method}'.")
        shape = tuple(self.network.inputs[0].shape[1:])
        rng = np.random.default_rng(seed)
        batches = []
        self._swap_in_average()
        try:
            for start in range(0, num_images, batch_size):
                x = rng.standard_normal((min(batch_size, num_images - start), *shape)).astype("float32")
                batches.append(self._ddpm(x, rng) if method == "ddpm" else self._ddim(x, steps))
        finally:
            self._swap_in_average()
        return np.concatenate(batches)

    def _predict_clean(self, x, t):
        """Predicted noise, and the clean image it implies, clipped to the data range."""
        step = np.full((len(x), 1), t, dtype="float32")
        noise = np.asarray(ops.convert_to_numpy(self.network.predict_on_batch([x, step])))
        alpha_bar = self.alphas_cumprod[t]
        # A schedule can drive alpha_bar to 0 in float32 at its last step; the clip to the data range
        # then decides, so divide by a tiny floor instead of by zero.
        clean = np.clip((x - np.sqrt(1 - alpha_bar) * noise) / np.sqrt(max(alpha_bar, 1e-12)), -1, 1)
        return noise, clean

    def _ddpm(self, x, rng):
        for t in reversed(range(self.timesteps)):
            _, clean = self._predict_clean(x, t)
            alpha_bar, beta = self.alphas_cumprod[t], self.betas[t]
            previous = self.alphas_cumprod[t - 1] if t > 0 else 1.0
            # Mean and variance of the true posterior q(x_{t-1} | x_t, x_0), with x_0 predicted.
            mean = (np.sqrt(previous) * beta / (1 - alpha_bar)) * clean + \
                   (np.sqrt(1 - beta) * (1 - previous) / (1 - alpha_bar)) * x
            variance = beta * (1 - previous) / (1 - alpha_bar)
            x = mean if t == 0 else mean + np.sqrt(variance) * rng.standard_normal(x.shape)
            x = x.astype("float32")
        return x

    def _ddim(self, x, steps):
        times = np.linspace(self.timesteps - 1, 0, min(steps, self.timesteps)).round().astype(int)
        for index, t in enumerate(times):
            _, clean = self._predict_clean(x, t)
            if index == len(times) - 1:
                return clean
            alpha_bar, previous = self.alphas_cumprod[t], self.alphas_cumprod[times[index + 1]]
            # The noise consistent with the clipped clean image, re-applied at the earlier step (eta = 0).
            noise = (x - np.sqrt(alpha_bar) * clean) / np.sqrt(1 - alpha_bar)
            x = (np.sqrt(previous) * clean + np.sqrt(1 - previous) * noise).astype("float32")
        return x

    def get_config(self):
        return {**super().get_config(), "network": keras.saving.serialize_keras_object(self.network),
                "schedule": self.schedule, "timesteps": self.timesteps, "ema_momentum": self.ema_momentum,
                "seed": self.seed}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["network"] = keras.saving.deserialize_keras_object(config["network"])
        return cls(**config)
