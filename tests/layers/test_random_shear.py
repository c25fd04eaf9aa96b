"""RandomShear: a NumPy reference for the shear itself, seeded draws, identity at inference, save/load."""

import keras
import numpy as np
import pytest
from keras import ops

from keraslab.layers.random_shear import RandomShear


def numpy_shear(image, shear_x, shear_y):
    """Nearest-neighbour reference: output (x, y) takes input (x + sx (y - cy), y + sy (x - cx)); outside -> 0."""
    height, width = image.shape[:2]
    center_x, center_y = (width - 1) / 2, (height - 1) / 2
    out = np.zeros_like(image)
    for y in range(height):
        for x in range(width):
            source_x = x + shear_x * (y - center_y)
            source_y = y + shear_y * (x - center_x)
            sx, sy = int(np.round(source_x)), int(np.round(source_y))
            if 0 <= sx < width and 0 <= sy < height:
                out[y, x] = image[sy, sx]
    return out


def test_shear_matches_numpy_reference():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 255, (2, 9, 11, 3)).astype("float32")
    # Amounts chosen so no source coordinate falls exactly halfway (rounding ties differ between libraries).
    amounts = np.array([[0.2, 0.0], [-0.1, 0.35]], dtype="float32")
    layer = RandomShear(0.5, fill_mode="constant", interpolation="nearest")
    ours = ops.convert_to_numpy(layer.shear(images, amounts))
    for index in range(2):
        np.testing.assert_allclose(ours[index], numpy_shear(images[index], *amounts[index]), atol=1e-4)


def test_identity_at_inference_and_changes_images_in_training():
    images = np.random.default_rng(1).uniform(0, 255, (4, 16, 16, 3)).astype("float32")
    layer = RandomShear(0.4, seed=3)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(images, training=False)), images)
    assert np.abs(ops.convert_to_numpy(layer(images, training=True)) - images).mean() > 1.0


def test_same_seed_same_shear():
    images = np.random.default_rng(2).uniform(0, 255, (3, 12, 12, 1)).astype("float32")
    first = ops.convert_to_numpy(RandomShear(0.3, seed=7)(images, training=True))
    second = ops.convert_to_numpy(RandomShear(0.3, seed=7)(images, training=True))
    np.testing.assert_allclose(first, second)


def test_config_round_trip_and_save_load(tmp_path):
    layer = RandomShear(0.15, fill_mode="nearest", seed=5, name="shear")
    again = RandomShear.from_config(layer.get_config())
    assert (again.factor, again.fill_mode, again.seed, again.name) == (0.15, "nearest", 5, "shear")
    inputs = keras.Input((8, 8, 3))
    model = keras.Model(inputs, keras.layers.Conv2D(2, 3)(RandomShear(0.2, seed=1)(inputs)))
    model.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    x = np.random.default_rng(4).uniform(0, 255, (2, 8, 8, 3)).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(loaded(x)), ops.convert_to_numpy(model(x)), rtol=1e-5)
    assert isinstance(loaded.layers[1], RandomShear)


def test_factor_out_of_range_is_refused():
    with pytest.raises(ValueError, match="factor must be in"):
        RandomShear(1.5)
