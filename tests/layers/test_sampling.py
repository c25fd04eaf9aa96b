"""Sampling: the reparameterisation draw and the KL loss it adds."""

import keras
import numpy as np

from keraslab.layers.sampling import Sampling


def test_kl_loss_matches_numpy_reference():
    rng = np.random.default_rng(0)
    mean = rng.normal(size=(8, 4)).astype("float32")
    log_var = rng.normal(scale=0.5, size=(8, 4)).astype("float32")
    layer = Sampling(kl_weight=0.5, seed=1)
    layer([mean, log_var])
    expected = 0.5 * np.mean(-0.5 * np.sum(1 + log_var - mean ** 2 - np.exp(log_var), axis=1))
    assert np.isclose(float(keras.ops.convert_to_numpy(layer.losses[0])), expected, rtol=1e-5)


def test_draws_have_the_requested_mean_and_spread():
    mean = np.full((20000, 2), [1.0, -2.0], dtype="float32")
    log_var = np.log(np.full((20000, 2), [0.25, 4.0], dtype="float32"))
    z = keras.ops.convert_to_numpy(Sampling(seed=3)([mean, log_var]))
    assert np.allclose(z.mean(axis=0), [1.0, -2.0], atol=0.05)
    assert np.allclose(z.std(axis=0), [0.5, 2.0], atol=0.05)


def test_round_trips_through_save_and_load(tmp_path):
    mean, log_var = keras.Input((3,)), keras.Input((3,))
    model = keras.Model([mean, log_var], Sampling(kl_weight=0.25, seed=7, name="sampling")([mean, log_var]))
    model.save(tmp_path / "sampling.keras")
    loaded = keras.saving.load_model(tmp_path / "sampling.keras")
    layer = loaded.get_layer("sampling")
    assert isinstance(layer, Sampling) and layer.kl_weight == 0.25 and layer.seed == 7
