"""VAE: its loss is reconstruction plus KL, it trains through fit, and it saves and loads."""

import keras
import numpy as np

from keraslab.models.vae import VAE, build_vae


def test_loss_is_summed_cross_entropy_plus_kl():
    model = build_vae((4, 4, 1), latent_dim=2, hidden_units=(8,), seed=0)
    x = np.random.default_rng(0).uniform(size=(5, 4, 4, 1)).astype("float32")
    reconstruction = keras.ops.convert_to_numpy(model(x))
    kl = float(keras.ops.convert_to_numpy(model.losses[0]))
    p = np.clip(reconstruction, 1e-7, 1 - 1e-7)
    cross_entropy = -(x * np.log(p) + (1 - x) * np.log(1 - p)).reshape(5, -1).sum(axis=1).mean()
    loss = float(keras.ops.convert_to_numpy(model.compute_loss(x=x, y_pred=reconstruction)))
    assert np.isclose(loss, cross_entropy + kl, rtol=1e-4)
    assert kl >= 0


def test_fit_lowers_the_loss():
    x = (np.random.default_rng(1).uniform(size=(512, 4, 4, 1)) > 0.5).astype("float32")
    model = build_vae((4, 4, 1), latent_dim=2, hidden_units=(16,), seed=0)
    model.compile(optimizer=keras.optimizers.Adam(1e-2))
    history = model.fit(x, epochs=5, batch_size=64, verbose=0).history["loss"]
    assert history[-1] < history[0]


def test_round_trips_through_save_and_load(tmp_path):
    model = build_vae((6, 6, 1), latent_dim=3, hidden_units=(8,), seed=0)
    model.save(tmp_path / "vae.keras")
    loaded = keras.saving.load_model(tmp_path / "vae.keras")
    assert isinstance(loaded, VAE) and loaded.latent_dim == 3
    z = np.ones((2, 3), "float32")
    assert np.allclose(loaded.decoder.predict(z, verbose=0), model.decoder.predict(z, verbose=0))
