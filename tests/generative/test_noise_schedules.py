"""Noise schedules, and the forward process having the variance the schedule says."""

import keras
import numpy as np
import pytest

from keraslab.models.diffusion import Diffusion
from keraslab.models.noise_schedules import noise_schedule
from keraslab.models.unet import build_unet


@pytest.mark.parametrize("name", ["linear", "cosine"])
def test_schedule_shapes_and_monotone_signal(name):
    betas, alpha_bar = noise_schedule(name, 1000)
    assert betas.shape == alpha_bar.shape == (1000,)
    assert np.all((betas > 0) & (betas < 1))
    assert np.all(np.diff(alpha_bar) < 0)
    assert alpha_bar[0] > 0.99 and alpha_bar[-1] < 0.01


def test_cosine_alpha_bar_follows_the_squared_cosine():
    _, alpha_bar = noise_schedule("cosine", 1000)
    t = np.arange(1, 1001) / 1000
    f = np.cos((t + 0.008) / 1.008 * np.pi / 2) ** 2 / np.cos(0.008 / 1.008 * np.pi / 2) ** 2
    assert np.allclose(alpha_bar[:990], f[:990], atol=1e-6)


def test_unknown_schedule_is_named():
    with pytest.raises(ValueError, match="Unknown noise schedule 'quadratic'"):
        noise_schedule("quadratic", 10)


@pytest.mark.parametrize("name", ["linear", "cosine"])
def test_forward_process_has_the_scheduled_mean_and_variance(name):
    model = Diffusion(build_unet((8, 8, 1), widths=(4, 8)), schedule=name, timesteps=200)
    clean = np.full((4000, 8, 8, 1), 0.7, dtype="float32")
    noise = np.random.default_rng(0).standard_normal(clean.shape).astype("float32")
    for t in (0, 50, 199):
        noisy = keras.ops.convert_to_numpy(model.add_noise(clean, noise, np.full((4000,), t, dtype="int32")))
        alpha_bar = model.alphas_cumprod[t]
        assert np.isclose(noisy.mean(), np.sqrt(alpha_bar) * 0.7, atol=0.01)
        assert np.isclose(noisy.var(), 1 - alpha_bar, rtol=0.03, atol=1e-4)
