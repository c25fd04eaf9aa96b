"""The text-generation task end to end: it learns real text, writes a sample, and `generate` repeats
itself under a seed; bad text stops it with one line and exit status 2."""

import collections
import math
import os
import pathlib

import pytest

import keraslab
from keraslab.cli import main
from keraslab.data.text import load_text_data
from keraslab.inference import load_predictor

needs_mirror = pytest.mark.skipif(not pathlib.Path(os.environ.get("KERASLAB_MIRROR", "")).is_dir(),
                                  reason="offline mirror not present")

TINY = {"max_chars": 60000, "sequence_length": 32, "d_model": 48, "num_layers": 1, "epochs": 1, "batch_size": 16,
        "learning_rate": 0.003, "sample_tokens": 40}
# Keys of one model only: the config refuses a key its model does not use.
TINY_TRANSFORMER = {**TINY, "num_heads": 2, "feed_forward_dim": 96}
TINY_RECURRENT = {**TINY, "recurrent_units": 64}


def _unigram_entropy(text):
    counts = collections.Counter(text)
    return -sum(c / len(text) * math.log(c / len(text)) for c in counts.values())


@pytest.fixture(scope="module")
def transformer_run(tmp_path_factory):
    return keraslab.run("shakespeare-transformer", runs_dir=tmp_path_factory.mktemp("runs"), quiet=True, **TINY_TRANSFORMER)


@needs_mirror
@pytest.mark.slow
def test_transformer_beats_character_frequencies_on_held_out_shakespeare(transformer_run):
    tail = load_text_data("tinyshakespeare")[:60000][54000:]
    # A model that ignored context could do no better than the characters' own entropy (~3.2 nats).
    assert transformer_run.metrics["val_loss"] < _unigram_entropy(tail) - 0.5
    sample = (transformer_run.run_dir / "samples" / "sample.txt").read_text()
    assert sample.startswith("ROMEO:") and len(sample) > 40


@needs_mirror
@pytest.mark.slow
def test_generate_is_deterministic_under_a_seed(transformer_run):
    generator = load_predictor(transformer_run.run_dir, "generate")
    first = generator.generate("ROMEO:", 30, temperature=1.0, top_k=10, seed=1)
    assert first == generator.generate("ROMEO:", 30, temperature=1.0, top_k=10, seed=1)
    assert first.startswith("ROMEO:") and len(first) == 36


@needs_mirror
@pytest.mark.slow
def test_lstm_learns_too(tmp_path):
    result = keraslab.run("shakespeare-lstm", runs_dir=tmp_path, quiet=True,
                          **{**TINY_RECURRENT, "sample_tokens": 0, "learning_rate": 0.01})
    tail = load_text_data("tinyshakespeare")[:60000][54000:]
    assert result.metrics["val_loss"] < _unigram_entropy(tail) - 0.3


def test_text_shorter_than_one_window_exits_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "short.txt"
    path.write_text("To be or not to be.")
    status = main(["run", "text-generation", "--set", f"data={path}", "--runs-dir", str(tmp_path / "runs")])
    error = capsys.readouterr().err.strip()
    assert status == 2 and len(error.splitlines()) == 1
    assert error.startswith("keraslab: error: Text ") and "fewer than one window" in error


def test_generate_on_a_folder_that_is_not_a_run_exits_2(tmp_path, capsys):
    assert main(["generate", str(tmp_path), "--tokens", "5"]) == 2
    assert "not a run directory" in capsys.readouterr().err


def _small_text(tmp_path):
    lines = [f"{name}: {verb} the {thing}, good {name.lower()}.\n" for name in ("ROMEO", "JULIET", "NURSE")
             for verb in ("see", "take", "give") for thing in ("ring", "sword", "letter", "rose")]
    path = tmp_path / "play.txt"
    path.write_text("".join(lines) * 6)
    return path


def test_val_loss_is_the_kept_model_on_the_whole_validation_tail(tmp_path):
    import numpy as np

    from keraslab.data.char_tokenizer import CharTokenizer
    from keraslab.tasks.text_generation import make_windows

    path = _small_text(tmp_path)
    result = keraslab.run("shakespeare-transformer", runs_dir=tmp_path / "runs", quiet=True, data=str(path),
                          **{**TINY_TRANSFORMER, "max_chars": 0, "epochs": 2, "sample_tokens": 0})
    # The metric is taken from fit's own pass over the tail; it must be what the model kept measures there.
    text = path.read_text()
    split = int(len(text) * 0.9)
    tokenizer = CharTokenizer.fit(text[:split])
    inputs, targets = make_windows(tokenizer.encode(text[split:]), 32, 32)
    logits = np.asarray(result.model.predict(inputs, verbose=0), dtype="float64")
    logits -= logits.max(axis=-1, keepdims=True)
    log_probabilities = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    expected = -np.take_along_axis(log_probabilities, targets[..., None], axis=-1).mean()
    assert result.metrics["val_loss"] == pytest.approx(expected, rel=1e-4)


def test_jit_compile_trains_under_xla_on_tensorflow(tmp_path):
    import json
    import subprocess
    import sys

    from keraslab.backend import installed_backends
    from keraslab.training.run_dir import RunDirectory

    if "tensorflow" not in installed_backends():
        pytest.skip("TensorFlow is not installed")
    # Its own process: TensorFlow's op determinism, once on in a process, makes Keras refuse XLA. One small
    # block: XLA compiles what it is given, and four full blocks took about 50 s of compiling under CI's load.
    done = subprocess.run([sys.executable, "-m", "keraslab", "run", "text-generation", "--smoke", "--backend",
                           "tensorflow", "--set", f"data={_small_text(tmp_path)}", "--set", "jit_compile=true",
                           "--set", "sample_tokens=0", "--set", "num_layers=1", "--set", "d_model=32",
                           "--set", "feed_forward_dim=64", "--runs-dir", str(tmp_path / "runs"), "--json", "--quiet"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    run = RunDirectory(json.loads(done.stdout.strip().splitlines()[-1])["run_dir"])
    assert run.facts()["jit_compile"] is True and run.metrics()["val_loss"] > 0
