"""Mixed precision: the policy is applied while a run builds and trains, the outputs stay float32, float16 gets
loss scaling, the policy is put back afterwards, a saved mixed model loads and predicts, and bad values are
refused in one line before any backend is imported."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from keraslab.backend import installed_backends
from keraslab.config.presets import load_preset
from keraslab.config.schemas import schema_for
from keraslab.errors import ConfigError
from tests.conftest import REPO, needs_mirror

# quickstart (a small CNN on scikit-learn's digits) cut to seconds
TINY = {"epochs": 1, "conv_filters": [4, 8], "hidden_units": [8]}


@pytest.mark.parametrize("precision", ["mixed_float16", "mixed_bfloat16"])
def test_a_mixed_run_computes_in_16_bits_answers_in_float32_and_puts_the_policy_back(precision, runs_dir, tmp_path):
    import keras

    import keraslab
    from keraslab.inference import load_predictor

    result = keraslab.run("quickstart", smoke=True, runs_dir=runs_dir, quiet=True, precision=precision, **TINY)
    compute = precision.removeprefix("mixed_")
    model = result.model
    hidden, output = [layer for layer in model.layers if layer.weights][0], model.layers[-1]
    assert hidden.dtype_policy.name == precision and hidden.compute_dtype == compute
    assert all(variable.dtype == "float32" for variable in model.weights)  # weights stay float32
    assert output.dtype_policy.name == "float32"
    assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer) == (precision == "mixed_float16")
    assert keras.config.dtype_policy().name == "float32"  # the run did not leak its policy

    loaded = keras.saving.load_model(result.run_dir / "model.keras", compile=False)  # Keras's own loader
    policies = [layer.dtype_policy.name for layer in model.layers[1:]]  # the input layer keeps no policy
    assert [layer.dtype_policy.name for layer in loaded.layers[1:]] == policies
    images = np.zeros((2, *model.input_shape[1:]), "float32")
    probabilities = keras.ops.convert_to_numpy(loaded(images))
    assert probabilities.dtype == np.float32 and np.allclose(probabilities.sum(axis=1), 1, atol=1e-3)
    # keraslab's loader (RunResult.model, resuming from a run) gets the optimizer back with its state too
    from keraslab.registration import load_model

    reloaded = load_model(result.run_dir / "model.keras")
    assert type(reloaded.optimizer) is type(model.optimizer)
    assert int(reloaded.optimizer.iterations) == int(model.optimizer.iterations) > 0
    Image.fromarray(np.full((8, 8), 128, "uint8")).save(tmp_path / "digit.png")
    (row,) = load_predictor(result.run_dir).predict([str(tmp_path / "digit.png")])
    assert 0 < row["probability"] <= 1


@needs_mirror
def test_the_hand_written_loops_scale_the_float16_loss_and_match_fit(runs_dir):
    import keraslab

    result = keraslab.run("custom-training-loop", smoke=True, runs_dir=runs_dir, quiet=True,
                          precision="mixed_float16")
    # Same starting weights and batches: train_step and the loop from scratch, each through the LossScaleOptimizer,
    # end where fit ends (float16 rounding allows a little drift).
    assert result.metrics["train_step_max_weight_difference_to_fit"] < 1e-3
    assert result.metrics["from_scratch_max_weight_difference_to_fit"] < 1e-3
    assert result.metrics["test_accuracy"] > 0.3  # it learned: 10 classes, chance is 0.1


@needs_mirror
def test_the_hand_written_loops_scale_the_float16_loss_on_jax_too(tmp_path):
    # JAX's steps are pure functions that must read the loss scale from the state handed in. PyTorch's steps scale
    # as TensorFlow's do; they passed this check too, left out because float16 on a CPU takes minutes there.
    backend = "jax" if os.environ.get("KERAS_BACKEND") != "jax" else "tensorflow"
    if backend not in installed_backends():
        pytest.skip(f"{backend} is not installed")
    process = subprocess.run([sys.executable, "-m", "keraslab", "run", "custom-training-loop", "--smoke", "--quiet",
                              "--json", "--backend", backend, "--set", "precision=mixed_float16", "--runs-dir",
                              str(tmp_path)], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO / "src")}, timeout=600, check=False)
    assert process.returncode == 0, process.stderr[-2000:]
    metrics = json.loads(process.stdout.strip().splitlines()[-1])["metrics"]
    assert metrics["train_step_max_weight_difference_to_fit"] < 1e-3
    assert metrics["from_scratch_max_weight_difference_to_fit"] < 1e-3


@pytest.mark.parametrize(("preset", "settings", "words"), [
    ("mnist-cnn", {"precision": "float16"}, ["'precision'", "Did you mean 'mixed_float16'"]),
    ("cartpole-dqn", {"precision": "mixed_bfloat16"}, ["'precision'", "precision=float32"]),
    ("mnist-gan", {"precision": "mixed_float16"}, ["'precision'", "precision=mixed_bfloat16"]),
])
def test_values_a_task_cannot_honour_are_refused_with_the_key_named(preset, settings, words):
    loaded = load_preset(preset)
    with pytest.raises(ConfigError) as caught:
        schema_for(loaded.task).validate({**loaded.config, **settings}, "test")
    for word in words:
        assert word in str(caught.value)


def test_the_numpy_lessons_have_no_precision_key():
    assert "precision" not in schema_for(load_preset("numpy-mlp").task).defaults()


def test_the_cli_refuses_a_misspelt_precision_in_one_line_before_the_backend(tmp_path):
    # `keras` poisoned on the path: the refusal must come before any backend is imported.
    (tmp_path / "keras.py").write_text("raise SystemExit('keras was imported')\n")
    process = subprocess.run([sys.executable, "-m", "keraslab", "run", "quickstart", "--set", "precision=bfloat16",
                              "--runs-dir", str(tmp_path / "runs")], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{tmp_path}"}, timeout=120,
                             check=False)
    assert process.returncode == 2 and process.stderr.count("\n") == 1, process.stderr
    assert "Did you mean 'mixed_bfloat16'" in process.stderr
    assert not (tmp_path / "runs").exists()


def test_a_mixed_float16_run_killed_after_its_first_epoch_resumes_where_it_would_have_ended(tmp_path):
    import keraslab
    from tests.helpers.kill import run_killed

    settings = {**TINY, "epochs": 2, "precision": "mixed_float16"}
    straight = keraslab.run("quickstart", smoke=True, runs_dir=tmp_path / "a", quiet=True, **settings)
    killed = run_killed(lambda: keraslab.run("quickstart", smoke=True, runs_dir=tmp_path / "b", quiet=True, **settings),
                        tmp_path / "b" / "quickstart", after=1)
    resumed = keraslab.run(resume=str(killed), quiet=True)  # config.yaml brings the policy back
    assert resumed.metrics == pytest.approx(straight.metrics, rel=1e-5)
    # the loss scale is optimizer state: it came back from the checkpoint
    assert float(resumed.model.optimizer.dynamic_scale) == float(straight.model.optimizer.dynamic_scale)
