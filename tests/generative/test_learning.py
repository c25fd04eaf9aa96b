"""Learning on real MNIST (small slices), and the sample command on a finished run."""

import numpy as np
import pytest

from tests.conftest import needs_mirror


@needs_mirror
@pytest.mark.slow
def test_vae_learns_mnist_far_below_an_untrained_loss():
    import keras

    from keraslab.data.load import load_image_data
    from keraslab.models.vae import build_vae

    keras.utils.set_random_seed(0)
    data = load_image_data("mnist")
    x_train = data.x_train[:4000].astype("float32") / 255
    x_test = data.x_test[:1000].astype("float32") / 255
    model = build_vae((28, 28, 1), latent_dim=16, hidden_units=(256,), seed=0)
    model.compile(optimizer=keras.optimizers.Adam(2e-3))
    untrained = model.evaluate(x_test, x_test, verbose=0)
    model.fit(x_train, x_train, epochs=4, batch_size=64, verbose=0)
    trained = model.evaluate(x_test, x_test, verbose=0)
    # Untrained: ~545 nats per digit; a VAE that learned strokes is well under 200.
    assert untrained > 400 and trained < 200


@needs_mirror
@pytest.mark.slow
def test_sample_writes_a_grid_from_a_vae_run(runs_dir, capsys):
    import keraslab
    from keraslab.cli import main

    result = keraslab.run("mnist-vae", smoke=True, runs_dir=runs_dir, quiet=True)
    assert np.isfinite(result.metrics["fid_mnist"]) and result.metrics["fid_mnist_floor"] < result.metrics["fid_mnist"]
    output = runs_dir / "grid.png"
    assert main(["sample", str(result.run_dir), "--count", "12", "--output", str(output)]) == 0
    from PIL import Image

    assert Image.open(output).size == (10 * 28 * 2, 2 * 28 * 2)
