"""Learning tests: the image classifier learns with its defaults, and on the real aircraft-damage photos."""

import json

import pytest

import keraslab
from tests.conftest import mirror_has

from .images import make_class_folder


@pytest.mark.slow
def test_defaults_learn_a_new_ten_class_folder(tmp_path):
    root = make_class_folder(tmp_path / "ten", num_classes=10, per_class=30, side=24, seed=3)
    config = tmp_path / "mine.yaml"
    config.write_text(f"task: image-classifier\nconfig:\n  data: {json.dumps(str(root))}\n")
    result = keraslab.run(str(config), runs_dir=tmp_path / "runs", quiet=True)
    assert result.metrics["test_accuracy"] > 0.5, result.metrics  # chance is 0.1
    for artefact in ("confusion_matrix.png", "misclassified.png", "learning_curves.png"):
        assert (result.run_dir / "plots" / artefact).exists()
    report = json.loads((result.run_dir / "classification_report.json").read_text())
    assert set(report["per_class"]) == {f"class_{i}" for i in range(10)}


@pytest.mark.slow
@pytest.mark.skipif(not mirror_has("aircraft-damage"), reason="mirror has no aircraft-damage")
def test_aircraft_damage_beats_chance_with_a_tiny_budget(tmp_path):
    result = keraslab.run("image-classifier", runs_dir=tmp_path / "runs", quiet=True, data="aircraft-damage",
                          image_size=32, conv_filters=[16, 32, 64], batch_norm=False, epochs=12,
                          early_stopping_patience=0)
    # 50 balanced test images: chance is 0.5; 0.62 is 2.5 standard errors above it.
    assert result.metrics["test_accuracy"] >= 0.62, result.metrics
