"""Transfer learning: which weights each phase trains, weights carried from an earlier run, the heads' shapes."""

import json

import keras
import numpy as np
import pytest

import keraslab
from keraslab.errors import ConfigError
from keraslab.models.transfer import build_backbone, build_feature_extractor, unfreeze_top

from .images import make_class_folder


def _weights_by_name(model):
    return {w.path: np.array(keras.ops.convert_to_numpy(w)) for w in model.weights}


def test_unfreeze_top_makes_only_the_top_layers_trainable_and_keeps_batch_norm_frozen():
    backbone = build_backbone("small_cnn", (16, 16, 3), conv_filters=(4, 8, 8))
    backbone.trainable = False
    assert not backbone.trainable_weights
    # The top two weighted layers of conv-BN blocks: batch_norm_3 (stays frozen) and conv_3.
    unfreeze_top(backbone, 2)
    trainable = {layer.name for layer in backbone.layers if layer.trainable and layer.weights}
    assert trainable == {"conv_3"}


def test_frozen_backbone_runs_in_inference_mode():
    backbone = build_backbone("small_cnn", (8, 8, 3), conv_filters=(4,))
    backbone.trainable = False
    extractor = build_feature_extractor(backbone, "small_cnn", (8, 8, 3), frozen=True)
    x = np.random.default_rng(0).uniform(0, 255, (4, 8, 8, 3)).astype("float32")
    # training=True on the outer model must not switch BatchNorm to batch statistics inside.
    np.testing.assert_allclose(keras.ops.convert_to_numpy(extractor(x, training=True)),
                               keras.ops.convert_to_numpy(extractor(x, training=False)), rtol=1e-5, atol=1e-6)


def _run(tmp_path, data, runs, preset_config, name):
    path = tmp_path / f"{name}.yaml"
    lines = ["task: image-classifier", "config:"] + [f"  {k}: {json.dumps(v)}" for k, v in preset_config.items()]
    path.write_text("\n".join(lines) + "\n")
    return keraslab.run(str(path), runs_dir=runs, quiet=True, data=str(data))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_class_folder(tmp_path_factory.mktemp("images") / "data", num_classes=3, per_class=10, side=16)


def test_pretrain_then_transfer_phases(tmp_path, folder):
    runs = tmp_path / "runs"
    common = {"backbone": "small_cnn", "conv_filters": [8, 16], "hidden_units": [], "image_size": 16,
              "batch_size": 16, "validation_split": 0.2}
    pretrain = _run(tmp_path, folder, runs, {**common, "epochs": 2, "weights": "none"}, "pretrain")
    source = pretrain.model.get_layer("feature_extractor").get_layer("backbone")
    before = _weights_by_name(source)

    frozen = _run(tmp_path, folder, runs, {**common, "epochs": 2, "weights": "run:pretrain",
                                           "fine_tune_layers": 0}, "frozen")
    frozen_backbone = frozen.model.get_layer("feature_extractor").get_layer("backbone")
    # Phase 1 alone: the backbone is exactly the pretrained one, only the head learned.
    for path, value in _weights_by_name(frozen_backbone).items():
        np.testing.assert_array_equal(value, before[path])
    assert frozen.facts["pretrained"] is True and frozen.facts["weights"].startswith("run ")

    tuned = _run(tmp_path, folder, runs, {**common, "epochs": 1, "weights": "run:pretrain", "fine_tune_layers": 2,
                                          "fine_tune_epochs": 2, "fine_tune_learning_rate": 0.01}, "tuned")
    after = _weights_by_name(tuned.model.get_layer("feature_extractor").get_layer("backbone"))
    changed = {path for path in after if not np.array_equal(after[path], before[path])}
    # Phase 2 with the top two weighted layers: conv_2 moves; BatchNorm and conv_1 stay as pretrained.
    assert changed and all("conv_2" in path for path in changed), changed
    history = (tuned.run_dir / "history.csv").read_text().strip().splitlines()
    assert len(history) == 1 + 1 + 2, "history holds phase 1 then phase 2"
    assert [row.split(",")[0] for row in history[1:]] == ["head", "fine-tune", "fine-tune"]


def test_missing_pretraining_run_is_one_clear_error(tmp_path, folder):
    with pytest.raises(ConfigError, match="holds no complete run with a model. Run 'keraslab run nothing-here"):
        _run(tmp_path, folder, tmp_path / "runs", {"backbone": "small_cnn", "weights": "run:nothing-here",
                                                   "image_size": 16, "epochs": 1}, "orphan")


def test_imagenet_weights_are_refused_for_keraslabs_own_backbone():
    with pytest.raises(ConfigError, match="small_cnn has no ImageNet weights"):
        keraslab.api.show("image-classifier", ["backbone=small_cnn", "weights=imagenet"])


def test_a_saved_transfer_run_loads_in_a_fresh_process(tmp_path, folder):
    import subprocess
    import sys
    from pathlib import Path

    result = _run(tmp_path, folder, tmp_path / "runs", {"backbone": "small_cnn", "conv_filters": [4],
                                                        "augmentation": ["shear", "flip"], "image_size": 16,
                                                        "epochs": 1, "hidden_units": []}, "saved")
    repo = Path(__file__).resolve().parents[2]
    code = ("import keraslab; r = keraslab.load_run(r'%s'); m = r.model; "
            "print(type(m.get_layer('augmentation').layers[0]).__name__, m.output_shape)" % result.run_dir)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "PYTHONPATH": f"{repo / 'src'}"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "RandomShear (None, 3)" in done.stdout
