"""mnist-speedrun's pieces: the warm-up + cosine schedule, the test-time shifts, and a short real run."""

import itertools

import keras
import numpy as np
import pytest

import keraslab
from keraslab.tasks.image_speedrun import predict_shifted, shifted, warmup_cosine
from tests.conftest import needs_mirror


def test_schedule_rises_to_the_peak_then_falls_to_zero():
    config = {"epochs": 2, "batch_size": 100, "learning_rate": 0.004, "warmup_fraction": 0.2}
    schedule = warmup_cosine(config, 1000)  # 20 steps: 4 of warm-up, 16 of cosine
    rates = [float(schedule(step)) for step in range(21)]
    assert rates[0] == 0.0
    assert rates[2] == pytest.approx(0.002)
    assert rates[4] == pytest.approx(0.004)
    assert all(a >= b for a, b in itertools.pairwise(rates[4:]))
    assert rates[20] == pytest.approx(0.0, abs=1e-9)
    no_warmup = warmup_cosine({**config, "warmup_fraction": 0.0}, 1000)
    assert float(no_warmup(0)) == pytest.approx(0.004)


def test_shifts_move_the_image_one_pixel_each_way_and_fill_with_background():
    image = np.zeros((1, 5, 5, 1), dtype="uint8")
    image[0, 2, 2, 0] = 255
    image[0, 0, 4, 0] = 7  # at the edge: shifted out, not wrapped round
    down, up, right, left = shifted(image, 1)
    assert down[0, 3, 2, 0] == 255 and up[0, 1, 2, 0] == 255
    assert right[0, 2, 3, 0] == 255 and left[0, 2, 1, 0] == 255
    assert down[0, 1, 4, 0] == 7 and up.sum() == 255 and right.sum() == 255
    assert image[0, 2, 2, 0] == 255  # the original is left alone


def test_shifted_predictions_average_five_views():
    inputs = keras.Input((4, 4, 1))
    model = keras.Model(inputs, keras.layers.Flatten()(inputs))  # "probabilities" = the pixels themselves
    image = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    expected = (image + sum(shifted(image, 1))).reshape(1, 16) / 5
    np.testing.assert_allclose(predict_shifted(model, image, 1), expected, rtol=1e-6)


@pytest.mark.slow
@needs_mirror
def test_two_epochs_on_ten_thousand_digits_pass_097(runs_dir):
    result = keraslab.run("mnist-speedrun", runs_dir=runs_dir, quiet=True, epochs=2, max_samples=10000,
                          batch_size=128, tta_shift=1)
    assert result.metrics["test_accuracy"] >= 0.97
    assert result.metrics["test_accuracy_tta"] >= 0.97
