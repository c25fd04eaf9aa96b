"""Diffusion noise schedules: how much noise each of T forward steps adds.

`betas[t]` is the variance added at step t; `alphas_cumprod[t]` (alpha-bar) is what is left of the
signal's variance after t+1 steps, so x_t = sqrt(alpha_bar) x_0 + sqrt(1 - alpha_bar) noise.
Linear: Ho et al. (2020), beta from 1e-4 to 0.02. Cosine: Nichol & Dhariwal (2021), alpha-bar follows
a squared cosine so the image is not destroyed in the first few percent of steps.
"""

import numpy as np

SCHEDULES = ("linear", "cosine")


def linear_betas(timesteps, beta_start=1e-4, beta_end=0.02):
    # Ho et al.'s range was set for T=1000; scaling keeps the total noise similar for other T.
    scale = 1000 / timesteps
    return np.linspace(scale * beta_start, scale * beta_end, timesteps, dtype="float64")


def cosine_betas(timesteps, offset=0.008, max_beta=0.999):
    steps = np.arange(timesteps + 1, dtype="float64") / timesteps
    alpha_bar = np.cos((steps + offset) / (1 + offset) * np.pi / 2) ** 2
    # Clipping avoids a singular last step where alpha_bar reaches 0.
    return np.clip(1 - alpha_bar[1:] / alpha_bar[:-1], 0, max_beta)


def noise_schedule(name, timesteps):
    """Betas and alpha-bars (float64 arrays of length `timesteps`) for schedule `name`."""
    if name not in SCHEDULES:
        raise ValueError(f"Unknown noise schedule '{name}'; expected one of {', '.join(SCHEDULES)}.")
    if int(timesteps) < 1:
        raise ValueError(f"A noise schedule needs timesteps >= 1, got {timesteps}.")
    betas = linear_betas(timesteps) if name == "linear" else cosine_betas(timesteps)
    return betas, np.cumprod(1 - betas)
