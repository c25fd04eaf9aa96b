"""Diffusion model and its U-Net: shapes, size errors, training step, sampling, save and load."""

import keras
import numpy as np
import pytest

from keraslab.models.diffusion import Diffusion
from keraslab.models.unet import build_unet


def tiny_model(timesteps=20):
    model = Diffusion(build_unet((8, 8, 1), widths=(4, 8), embedding_dim=8), schedule="linear",
                      timesteps=timesteps, seed=3)
    model.compile(optimizer=keras.optimizers.Adam(1e-3))
    return model


def ramp_images(count):
    """`count` copies of one 8x8 left-to-right ramp in [-1, 1]: data a tiny U-Net can learn at once."""
    return np.tile(np.linspace(-1, 1, 64, dtype="float32").reshape(1, 8, 8, 1), (count, 1, 1, 1))


def test_unet_refuses_sizes_it_cannot_halve():
    with pytest.raises(ValueError, match="sides must be multiples of 4; got 14x14"):
        build_unet((14, 14, 1), widths=(8, 16, 32))


def test_unet_keeps_the_image_shape():
    unet = build_unet((12, 12, 3), widths=(4, 8, 16), embedding_dim=8)
    out = unet.predict([np.zeros((2, 12, 12, 3), "float32"), np.array([[0.0], [5.0]], "float32")], verbose=0)
    assert out.shape == (2, 12, 12, 3)


def test_noise_prediction_loss_falls_with_training():
    images = ramp_images(128)
    model = tiny_model()
    history = model.fit(images, epochs=4, batch_size=32, verbose=0).history["loss"]
    assert np.isfinite(history).all()
    assert history[-1] < history[0]


@pytest.mark.parametrize("method", ["ddpm", "ddim"])
def test_sampling_gives_images_in_range(method):
    samples = tiny_model().sample(3, method=method, steps=5, seed=1, batch_size=2)
    assert samples.shape == (3, 8, 8, 1)
    assert np.isfinite(samples).all() and samples.min() >= -1.0001 and samples.max() <= 1.0001


def test_round_trips_through_save_and_load(tmp_path):
    model = tiny_model(timesteps=30)
    model.save(tmp_path / "diffusion.keras")
    loaded = keras.saving.load_model(tmp_path / "diffusion.keras")
    assert isinstance(loaded, Diffusion) and loaded.timesteps == 30 and loaded.schedule == "linear"
    inputs = [np.ones((2, 8, 8, 1), "float32"), np.array([[1.0], [7.0]], "float32")]
    assert np.allclose(loaded.network.predict(inputs, verbose=0), model.network.predict(inputs, verbose=0))
    assert all(np.allclose(a, b) for a, b in zip(loaded.ema_weights, model.ema_weights))


def test_the_weight_average_follows_training_and_stays_out_of_evaluation():
    images = ramp_images(64)
    model = tiny_model()
    before = [np.array(average) for average in model.ema_weights]
    model.fit(images, epochs=1, batch_size=16, verbose=0)
    assert float(model.ema_updates) == 4  # one update per training step
    after = [np.array(average) for average in model.ema_weights]
    assert any(not np.allclose(a, b) for a, b in zip(before, after))
    model.evaluate(images, verbose=0)
    assert float(model.ema_updates) == 4
    # Early on the warm-up momentum (1 + n) / (10 + n) keeps the average close to the live weights.
    live = [np.array(weight) for weight in model.network.trainable_weights]
    assert all(np.abs(a - w).max() < 0.05 for a, w in zip(after, live))


def test_sampling_uses_the_average_and_restores_the_live_weights():
    model = tiny_model()
    for average in model.ema_weights:
        average.assign(np.zeros(average.shape, "float32"))
    live = [np.array(weight) for weight in model.network.trainable_weights]
    # All-zero weights predict zero noise everywhere, so one DDIM step returns the clipped start noise.
    samples = model.sample(2, method="ddim", steps=1, seed=5)
    start = np.random.default_rng(5).standard_normal((2, 8, 8, 1))
    assert np.allclose(samples, np.clip(start / np.sqrt(model.alphas_cumprod[-1]), -1, 1), atol=1e-5)
    assert all(np.array_equal(w, np.array(now)) for w, now in zip(live, model.network.trainable_weights))
    assert all(np.abs(np.array(average)).max() == 0 for average in model.ema_weights)


def test_refuses_a_momentum_outside_zero_to_one():
    with pytest.raises(ValueError, match="ema_momentum must be in"):
        Diffusion(build_unet((8, 8, 1), widths=(4,), embedding_dim=8), ema_momentum=1.0)
