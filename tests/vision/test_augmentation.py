"""Augmentation: every named layer builds, a seed fixes the draw, inference leaves images untouched."""

import keras
import numpy as np
import pytest
from keras import ops

from keraslab.models.augmentation import AUGMENTATIONS, build_augmentation, parse_augmentation

EVERYTHING = list(AUGMENTATIONS)


def _images(seed=0):
    return np.random.default_rng(seed).uniform(0, 255, (4, 24, 24, 3)).astype("float32")


def test_same_seed_same_augmented_batch():
    images = _images()
    first = ops.convert_to_numpy(build_augmentation(EVERYTHING, seed=3)(images, training=True))
    second = ops.convert_to_numpy(build_augmentation(EVERYTHING, seed=3)(images, training=True))
    np.testing.assert_allclose(first, second, rtol=1e-5, atol=1e-3)
    other = ops.convert_to_numpy(build_augmentation(EVERYTHING, seed=4)(images, training=True))
    assert np.abs(other - first).mean() > 1.0


@pytest.mark.parametrize("name", EVERYTHING)
def test_each_augmentation_is_the_identity_at_inference_and_acts_in_training(name):
    images = _images(1)
    stack = build_augmentation([name], seed=0)
    np.testing.assert_allclose(ops.convert_to_numpy(stack(images, training=False)), images, atol=1e-4)
    assert np.abs(ops.convert_to_numpy(stack(images, training=True)) - images).mean() > 0.1


def test_strengths_parse_and_unknown_names_are_refused():
    assert parse_augmentation(["flip", "rotation=0.2"]) == [("flip", 1.0), ("rotation", 0.2)]
    with pytest.raises(ValueError):
        parse_augmentation(["sheer"])
    assert build_augmentation([]) is None


def test_augmented_model_saves_and_loads(tmp_path):
    inputs = keras.Input((24, 24, 3))
    outputs = keras.layers.GlobalAveragePooling2D()(build_augmentation(["flip", "shear", "cutout"], seed=1)(inputs))
    model = keras.Model(inputs, outputs)
    model.save(tmp_path / "a.keras")
    loaded = keras.saving.load_model(tmp_path / "a.keras")
    np.testing.assert_allclose(ops.convert_to_numpy(loaded(_images())), ops.convert_to_numpy(model(_images())),
                               rtol=1e-5)
