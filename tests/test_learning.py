"""Models learn on real data: each core preset meets its stated target (slow; still run in CI)."""

import pytest

import keraslab
from keraslab.config.presets import load_preset
from tests.conftest import MIRROR, needs_mirror

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", ["quickstart", "car-classification", "concrete-regression"])
def test_preset_meets_its_target(name, runs_dir):
    if load_preset(name).config["data"] != "digits" and not MIRROR.is_dir():
        pytest.skip("no offline mirror")
    result = keraslab.run(name, runs_dir=runs_dir, quiet=True)
    assert load_preset(name).unmet_targets(result.metrics) == []


@needs_mirror
def test_mnist_cnn_reaches_095_on_10k_images_in_one_epoch(runs_dir):
    result = keraslab.run("mnist-cnn", runs_dir=runs_dir, quiet=True, epochs=1, max_samples=10000,
                          batch_size=32, learning_rate=0.003)
    assert result.metrics["test_accuracy"] >= 0.95
