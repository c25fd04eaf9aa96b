"""New images from a trained VAE (its decoder on codes from the prior), GAN (its generator on
random codes) or diffusion model (DDIM from pure noise), as pixels in [0, 1]."""

import numpy as np

from keraslab.config.schema import MAX_SEED
from keraslab.errors import KeraslabError
from keraslab.predictors.base import Predictor, whole_number

# Images per call: enough for any grid or FID set, few enough that a typo does not fill the memory.
MAX_COUNT = 100_000


class ImageSampler(Predictor):
    verbs = ("sample",)

    def sample(self, count=100, seed=0, steps=None):
        """(count, height, width, channels) floats in [0, 1]; `steps`: DDIM steps for diffusion (default: the
        run's sampling_steps)."""
        from keraslab.models.diffusion import Diffusion
        from keraslab.models.gan import GAN
        from keraslab.models.vae import VAE

        whole_number(count, "--count", minimum=1, maximum=MAX_COUNT)
        whole_number(seed, "--seed", minimum=0, maximum=MAX_SEED)
        model = self.model
        if isinstance(model, (VAE, GAN)):
            codes = np.random.default_rng(seed).standard_normal((count, model.latent_dim)).astype("float32")
        if isinstance(model, VAE):
            return np.asarray(model.decoder.predict(codes, batch_size=1000, verbose=0))
        if isinstance(model, GAN):
            return np.concatenate([model.generate(codes[i:i + 1000]) for i in range(0, count, 1000)]) / 2 + 0.5
        if isinstance(model, Diffusion):
            steps = self.config.get("sampling_steps", 50) if steps is None else steps
            if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= model.timesteps:
                raise KeraslabError(f"--steps must be a whole number from 1 to {model.timesteps} (the run's "
                                    f"diffusion has {model.timesteps} timesteps); got {steps}.")
            return model.sample(count, method="ddim", steps=steps, seed=seed) / 2 + 0.5
        raise KeraslabError(f"Run {self.run_dir.path} holds a '{type(model).__name__}' model, not a VAE, GAN or "
                            "Diffusion; the run folder is damaged.")
