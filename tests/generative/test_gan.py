"""GAN: the discriminator that is trained is the one that judges the generator; updates alternate."""

import os
import subprocess
import sys

import keras
import numpy as np
import pytest

from keraslab.models.dcgan import build_discriminator, build_generator
from keraslab.models.gan import GAN

from tests.helpers.gan_alternation import changes

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def tiny_gan():
    gan = GAN(build_generator(8, (8, 8, 1), width=4), build_discriminator((8, 8, 1), width=4), 8, seed=1)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    return gan


def test_discriminator_weights_change_on_its_update_only():
    assert changes(1e-2, 0.0) == (True, False)


def test_discriminator_weights_stay_fixed_on_the_generators_update():
    assert changes(0.0, 1e-2) == (False, True)


def test_the_trained_discriminator_is_the_one_in_the_model():
    gan = tiny_gan()
    model_weights = {id(v) for v in gan.trainable_variables}
    assert {id(v) for v in gan.discriminator.trainable_variables} <= model_weights
    assert {id(v) for v in gan.generator.trainable_variables} <= model_weights
    assert {id(v) for v in gan.d_optimizer._trainable_variables} == {id(v) for v in gan.discriminator.trainable_variables}
    assert {id(v) for v in gan.g_optimizer._trainable_variables} == {id(v) for v in gan.generator.trainable_variables}


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_alternation_holds_on_other_backends(backend):
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": os.pathsep.join([os.path.join(REPO, "src"), REPO])}
    process = subprocess.run([sys.executable, "-m", "tests.helpers.gan_alternation"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=600)
    assert "discriminator step (True, False)" in process.stdout, process.stderr[-2000:]
    assert "generator step (False, True)" in process.stdout, process.stderr[-2000:]


def test_round_trips_through_save_and_load(tmp_path):
    gan = tiny_gan()
    gan.fit(np.zeros((32, 8, 8, 1), "float32"), epochs=1, batch_size=16, verbose=0)
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras")
    assert isinstance(loaded, GAN) and loaded.latent_dim == 8 and loaded.label_smoothing == 0.1
    codes = np.random.default_rng(0).standard_normal((3, 8)).astype("float32")
    assert np.allclose(loaded.generate(codes), gan.generate(codes))
    images = np.ones((2, 8, 8, 1), "float32")
    assert np.allclose(loaded.predict(images, verbose=0), gan.predict(images, verbose=0))
