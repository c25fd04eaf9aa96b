"""SamplewiseNormalization and BackbonePreprocessing: NumPy references and save/load round trips."""

import keras
import numpy as np
import pytest
from keras import ops

from keraslab.layers.backbone_preprocessing import BackbonePreprocessing
from keraslab.layers.samplewise_normalization import SamplewiseNormalization


def test_samplewise_normalization_matches_numpy():
    images = np.random.default_rng(0).uniform(0, 255, (3, 5, 6, 3)).astype("float32")
    ours = ops.convert_to_numpy(SamplewiseNormalization()(images))
    mean = images.mean(axis=(1, 2, 3), keepdims=True)
    std = images.std(axis=(1, 2, 3), keepdims=True)
    np.testing.assert_allclose(ours, (images - mean) / (std + 1e-6), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("backbone, expected", [
    ("mobilenet_v2", lambda x: x / 127.5 - 1),
    ("xception", lambda x: x / 127.5 - 1),
    # Caffe style: RGB -> BGR, minus the ImageNet channel means.
    ("vgg16", lambda x: x[..., ::-1] - np.array([103.939, 116.779, 123.68], dtype="float32")),
    ("efficientnet_b0", lambda x: x),
])
def test_backbone_preprocessing_matches_the_backbones_own(backbone, expected):
    images = np.random.default_rng(1).uniform(0, 255, (2, 4, 4, 3)).astype("float32")
    ours = ops.convert_to_numpy(BackbonePreprocessing(backbone)(images))
    np.testing.assert_allclose(ours, expected(images), rtol=1e-5, atol=1e-4)


def test_save_load_round_trip(tmp_path):
    inputs = keras.Input((4, 4, 3))
    x = BackbonePreprocessing("resnet50", name="preprocess")(inputs)
    outputs = SamplewiseNormalization(epsilon=1e-3, name="norm")(x)
    model = keras.Model(inputs, outputs)
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert loaded.get_layer("preprocess").get_config()["backbone"] == "resnet50"
    assert loaded.get_layer("norm").get_config()["epsilon"] == 1e-3
    x = np.random.default_rng(2).uniform(0, 255, (2, 4, 4, 3)).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(loaded(x)), ops.convert_to_numpy(model(x)), rtol=1e-5)


def test_unknown_backbone_is_refused():
    with pytest.raises(ValueError, match="backbone must be one of"):
        BackbonePreprocessing("resnet18")
