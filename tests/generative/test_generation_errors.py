"""Bad input to the generative tasks and the sample command: one line, exit 2."""

import pytest

from keraslab.cli import main
from keraslab.config.resolve import resolve
from keraslab.errors import ConfigError


def test_latent_size_must_be_positive():
    with pytest.raises(ConfigError, match="Key 'latent_dim' .* must be >= 1; got 0"):
        resolve("mnist-vae", latent_dim=0)


def test_unet_that_cannot_halve_28_enough_times_is_refused():
    with pytest.raises(ConfigError, match="halves 28x28 images 3 times, but 28 is not a multiple of 8"):
        resolve("mnist-ddpm", conv_filters=[8, 16, 32, 64])


def test_cli_exits_2_with_one_line(capsys):
    assert main(["run", "mnist-gan", "--set", "latent_dim=-3"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "latent_dim" in error


def test_sample_refuses_a_run_that_is_not_generative(tmp_path, capsys):
    (tmp_path / "config.yaml").write_text("preset: quickstart\nbackend: tensorflow\nconfig: {task: image-classifier}\n")
    (tmp_path / "status.json").write_text('{"status": "complete"}')
    assert main(["sample", str(tmp_path)]) == 2
    assert "is an image-classifier run (preset quickstart); it has predict, not sample" in capsys.readouterr().err


def test_sample_refuses_a_folder_that_is_not_a_run(tmp_path, capsys):
    assert main(["sample", str(tmp_path)]) == 2
    assert "is not a run directory" in capsys.readouterr().err
