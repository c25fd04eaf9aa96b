"""New images from a saved generative run (VAE, GAN or diffusion model), as a grid picture."""

from pathlib import Path

import numpy as np

from keraslab.errors import KeraslabError


def sample_run(run_path, count=100, seed=0, steps=50, output=None):
    """Write `count` generated images as a grid PNG; return its path."""
    from keraslab.training.run_dir import RunDirectory

    run_dir = RunDirectory.existing(run_path)
    if not run_dir.model_path.is_file():
        raise KeraslabError(f"Run {run_path} has no model.keras; sample needs a completed run of a generative "
                            "preset (mnist-vae, mnist-gan, mnist-ddpm).")
    from keraslab.backend import activate

    # The run's own backend, activated (and imported quietly) before any model code imports Keras.
    activate((run_dir.read_config() or {}).get("backend") or "tensorflow")
    from keraslab.generative.images import save_grid
    from keraslab.models.diffusion import Diffusion
    from keraslab.models.gan import GAN
    from keraslab.models.vae import VAE
    from keraslab.registration import load_model

    model = load_model(run_dir.model_path, compile=False)
    rng = np.random.default_rng(seed)
    if count < 1:
        raise KeraslabError(f"--count must be >= 1, got {count}.")
    if isinstance(model, VAE):
        images = model.decoder.predict(rng.standard_normal((count, model.latent_dim)).astype("float32"), verbose=0)
    elif isinstance(model, GAN):
        images = (model.generate(rng.standard_normal((count, model.latent_dim)).astype("float32")) + 1) / 2
    elif isinstance(model, Diffusion):
        images = (model.sample(count, method="ddim", steps=steps, seed=seed) + 1) / 2
    else:
        raise KeraslabError(f"Run {run_path} holds a '{type(model).__name__}' model, not a generative one "
                            "(VAE, GAN or Diffusion); sample needs a run of mnist-vae, mnist-gan or mnist-ddpm.")
    output = Path(output) if output else run_dir.samples / f"sampled-seed{seed}.png"
    return save_grid(images, output, columns=min(10, count))
