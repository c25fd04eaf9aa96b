"""The functional-API, custom-layers and transpose-conv labs: references for their pieces, and short real runs."""

import numpy as np
import pytest

import keraslab
from keraslab.tasks.digit_pairs import make_pairs
from keraslab.tasks.super_resolution import downscale, psnr


def test_digit_pairs_targets_match_the_labels():
    images = np.arange(10)[:, None, None, None].repeat(4, 1).repeat(4, 2).astype("uint8")
    labels = np.arange(10)
    x, y = make_pairs(images, labels, 200, seed=0)
    first, second = x["first"][:, 0, 0, 0], x["second"][:, 0, 0, 0]
    np.testing.assert_array_equal(y["sum"], first + second)
    np.testing.assert_array_equal(y["larger"], np.select([first > second, second > first], [0, 1], 2))


def test_shared_tower_is_one_set_of_weights():
    from keraslab.models.digit_pairs import build_digit_pairs_model

    model = build_digit_pairs_model((28, 28, 1), filters=(4,), embedding_units=8)
    towers = [layer for layer in model.layers if layer.name == "shared_tower"]
    assert len(towers) == 1 and len(towers[0]._inbound_nodes) == 2


def test_downscale_and_psnr_against_numpy():
    images = np.random.default_rng(0).random((2, 4, 6, 1)).astype("float32")
    low = downscale(images)
    assert low.shape == (2, 2, 3, 1)
    np.testing.assert_allclose(low[0, 1, 2, 0], images[0, 2:4, 4:6, 0].mean(), rtol=1e-6)
    noisy = np.clip(images + 0.1, 0, 1)
    expected = np.mean([10 * np.log10(1 / np.mean((noisy[i] - images[i]) ** 2)) for i in range(2)])
    assert psnr(images, noisy) == pytest.approx(expected, rel=1e-5)


def test_transpose_and_upsampling_models_have_the_same_shapes():
    from keraslab.models.super_resolution import build_super_resolution

    for upsampling in ("transpose", "upsample"):
        model = build_super_resolution((14, 14, 1), upsampling, filters=4, num_convs=1)
        assert model.output_shape == (None, 28, 28, 1)


@pytest.mark.slow
def test_super_resolution_beats_bicubic_on_mnist_quickly(runs_dir):
    result = keraslab.run("transpose-conv", runs_dir=runs_dir, quiet=True, max_samples=3000, epochs=2,
                          max_test_samples=500)
    assert result.metrics["psnr_gain_db"] > 0.5, result.metrics


@pytest.mark.slow
def test_custom_layers_survive_save_and_load_after_training(runs_dir):
    result = keraslab.run("custom-layers", runs_dir=runs_dir, quiet=True, max_samples=4000, epochs=2)
    assert result.metrics["test_accuracy"] > 0.85
    assert result.metrics["subclassed_reload_max_abs_difference"] < 1e-5
    assert result.metrics["functional_reload_max_abs_difference"] < 1e-5
    # The subclassed model answers `keraslab predict` too: digits saved as PNG files, read back by its predictor.
    from PIL import Image

    from keraslab.data.load import load_image_data
    from keraslab.inference import load_predictor

    data = load_image_data("mnist")
    paths = [runs_dir / f"digit{index}.png" for index in range(20)]
    for path, image in zip(paths, data.x_test[:20]):
        Image.fromarray(image[..., 0]).save(path)
    rows = load_predictor(result.run_dir).predict([str(p) for p in paths])
    assert sum(row["prediction"] == str(label) for row, label in zip(rows, data.y_test[:20])) >= 15
