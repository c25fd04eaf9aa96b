"""The lessons as tasks: they learn on real data, write their pictures, and refuse bad settings."""

import pytest

import keraslab
from keraslab.errors import ConfigError

from tests.conftest import needs_mirror


@needs_mirror
@pytest.mark.slow
def test_numpy_mlp_learns_mnist(runs_dir):
    result = keraslab.run("numpy-mlp", runs_dir=runs_dir, quiet=True, max_samples=6000, epochs=2,
                          hidden_units=[128])
    assert result.metrics["test_accuracy"] > 0.9  # chance is 0.1
    assert (result.run_dir / "plots" / "learning_curves.png").is_file()
    assert (result.run_dir / "weights.npz").is_file()


@needs_mirror
def test_vanishing_gradient_shows_sigmoid_shrinking_and_relu_level(runs_dir):
    result = keraslab.run("vanishing-gradient", runs_dir=runs_dir, quiet=True, max_samples=500, epochs=0)
    metrics = result.metrics
    assert metrics["sigmoid_first_to_last_grad_ratio"] < 0.01
    assert metrics["relu_first_to_last_grad_ratio"] > 0.1
    assert (result.run_dir / "gradient_norms.csv").is_file()
    assert (result.run_dir / "plots" / "gradient_norms.png").is_file()


def test_lessons_without_data_report_the_course_numbers(runs_dir):
    neuron = keraslab.run("neuron", runs_dir=runs_dir, quiet=True).metrics
    assert (round(neuron["z"], 4), round(neuron["a"], 4)) == (0.415, 0.6023)
    descent = keraslab.run("gradient-descent", runs_dir=runs_dir, quiet=True)
    assert descent.metrics["w"] == pytest.approx(2.0, abs=1e-3)
    assert (descent.run_dir / "plots" / "gradient_descent.png").is_file()
    activations = keraslab.run("activations", runs_dir=runs_dir, quiet=True).metrics
    assert activations["max_derivative_error"] < 1e-6


def test_bad_settings_name_the_key(runs_dir):
    with pytest.raises(ConfigError, match="Key 'activations' .* each item must be one of sigmoid, tanh, relu.*; item 2 is 'swish'"):
        keraslab.run("vanishing-gradient", runs_dir=runs_dir, quiet=True, activations=["sigmoid", "swish"])
    with pytest.raises(ConfigError, match="Key 'activation' .* must be one of relu"):
        keraslab.run("numpy-mlp", runs_dir=runs_dir, quiet=True, activation="softmax")
    with pytest.raises(ConfigError, match=r"Key 'z_min' \(5.0\) must be below 'z_max' \(1.0\)"):
        keraslab.run("activations", runs_dir=runs_dir, quiet=True, z_min=5.0, z_max=1.0)
