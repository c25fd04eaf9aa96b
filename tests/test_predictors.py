"""A predictor for every task family: trained in smoke mode once per module, then asked questions.

Each family checks its verb's output (shape and content), its `predict` for the CLI, and the one-line
refusals of inputs it cannot take; the end checks refusals every run shares (not complete, damaged
model, a task without a predictor, a verb the task does not have).
"""

import json
import re
import shutil

import numpy as np
import pytest
from PIL import Image

import keraslab
from keraslab.cli import main
from keraslab.errors import KeraslabError
from keraslab.inference import load_predictor
from tests.helpers.tables import write_mixed_table


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    return tmp_path_factory.mktemp("runs")


def train(runs, preset, **config):
    return keraslab.run(preset, smoke=True, runs_dir=runs, quiet=True, **config)


# -- tabular -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tabular(runs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tabular")
    table = write_mixed_table(folder / "train.csv")
    return train(runs, "tabular", data=str(table), target="y", epochs=1), folder


def test_tabular_predicts_every_row_of_every_file(tabular):
    result, folder = tabular
    (folder / "a.csv").write_text("x1,x2,colour\n1.0,0.0,red\n0.0,1.0,blue\n0.5,0.5,green\n")
    (folder / "b.csv").write_text("colour,x2,x1,y\nred,0.0,1.0,99\n")  # columns in any order; extras ignored
    rows = load_predictor(result.run_dir).predict([str(folder / "a.csv"), str(folder / "b.csv")])
    assert [row["input"] for row in rows] == [f"{folder / 'a.csv'}:{n}" for n in (2, 3, 4)] + [f"{folder / 'b.csv'}:2"]
    assert all(isinstance(row["prediction"], float) and np.isfinite(row["prediction"]) for row in rows)
    assert rows[0]["prediction"] == pytest.approx(rows[3]["prediction"], abs=1e-5)


def test_tabular_fills_an_empty_cell_with_the_training_median(tabular):
    result, folder = tabular
    predictor = load_predictor(result.run_dir)
    median = predictor.features.medians["x1"]
    (folder / "gap.csv").write_text(f"x1,x2,colour\n,0.3,red\n{median!r},0.3,red\n")
    first, second = predictor.predict([str(folder / "gap.csv")])
    assert first["prediction"] == pytest.approx(second["prediction"], abs=1e-6)


@pytest.mark.parametrize("name, content, message", [
    ("photo.png", None, "predict on a tabular run takes CSV files; '{path}' is not one"),
    ("latin1.csv", "x1,x2,colour\n1,2,r\xe9d\n".encode("latin-1"), "is not one"),
    ("short.csv", "x1,colour\n1,red\n", "lacks column x2, which the model was trained on; its header has x1, colour"),
    ("text.csv", "x1,x2,colour\n1,abc,red\n", "Row 2 of '{path}': column 'x2' holds 'abc'"),
    ("inf.csv", "x1,x2,colour\n1,inf,red\n", "Column 'x2' of {path} holds 'inf' in row 2"),
    ("missing.csv", False, "Input '{path}' not found; predict on a tabular run takes CSV files"),
])
def test_tabular_refuses_what_is_not_a_matching_csv(tabular, name, content, message):
    result, folder = tabular
    path = folder / name
    if content is None:
        Image.new("RGB", (4, 4)).save(path)
    elif content is not False:
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(KeraslabError) as error:
        load_predictor(result.run_dir).predict([str(path)])
    assert message.format(path=path) in str(error.value) and "--set" not in str(error.value)


def test_cli_predict_prints_json_and_refuses_an_image_in_one_line(tabular, capsys):
    result, folder = tabular
    (folder / "one.csv").write_text("x1,x2,colour\n1.0,0.0,red\n")
    assert main(["predict", str(result.run_dir), str(folder / "one.csv"), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"input", "prediction"}
    Image.new("RGB", (4, 4)).save(folder / "x.png")
    assert main(["predict", str(result.run_dir), str(folder / "x.png")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "takes CSV files; " in error


# -- image classifiers (transfer included) ------------------------------------------------------------


@pytest.fixture(scope="module")
def image_run(runs):
    # keraslab's own small CNN backbone, trained from scratch: an image classifier, and a backbone to transfer
    return train(runs, "quickstart", backbone="small_cnn", weights="none", conv_filters=[4, 8], hidden_units=[8])


@pytest.fixture(scope="module")
def transfer_run(runs, image_run):
    # that backbone frozen under a new head, then its top fine-tuned: the two phases of transfer learning
    return train(runs, "quickstart", backbone="small_cnn", weights=str(image_run.run_dir), conv_filters=[4, 8],
                 hidden_units=[8], fine_tune_layers=2)


@pytest.mark.parametrize("which", ["image_run", "transfer_run"])
def test_image_classifier_predicts_the_class_the_model_gives(which, request, tmp_path):
    from keraslab.data.load import load_image_data

    result = request.getfixturevalue(which)
    data = load_image_data("digits")
    paths = []
    for index in range(3):
        paths.append(tmp_path / f"{index}.png")
        Image.fromarray(data.x_test[index][..., 0]).save(paths[-1])
    Image.fromarray(np.full((40, 30, 3), 200, "uint8")).save(tmp_path / "big.jpg")  # RGB, another size: resized
    rows = load_predictor(result.run_dir).predict([str(p) for p in paths] + [str(tmp_path / "big.jpg")])
    expected = np.argmax(result.model.predict(data.x_test[:3], verbose=0), axis=1)
    assert [row["prediction"] for row in rows[:3]] == [str(e) for e in expected]
    assert all(0 < row["probability"] <= 1 for row in rows) and rows[3]["input"] == str(tmp_path / "big.jpg")


def test_transfer_run_trained_in_two_phases(transfer_run):
    from keraslab.training.run_dir import RunDirectory

    assert list(RunDirectory(transfer_run.run_dir).phases()) == ["head", "fine-tune"]


def test_image_classifier_refuses_files_that_are_not_images(image_run, tmp_path):
    (tmp_path / "rows.csv").write_text("a,b\n1,2\n")
    (tmp_path / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    predictor = load_predictor(image_run.run_dir)
    with pytest.raises(KeraslabError, match=r"predict on an image-classifier run takes image files .*rows.csv' is not "):
        predictor.predict([str(tmp_path / "rows.csv")])
    with pytest.raises(KeraslabError, match="cut.png' is not one|cut.png' could not be decoded"):
        predictor.predict([str(tmp_path / "cut.png")])
    with pytest.raises(KeraslabError, match="takes image files .*; give one or more"):
        predictor.predict([])


# -- reconstruction -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def autoencoder_run(runs):
    return train(runs, "mnist-autoencoder")


def test_autoencoder_scores_each_image_by_its_reconstruction_error(autoencoder_run, tmp_path):
    from keraslab.data.load import load_image_data

    digits = load_image_data("mnist").x_test[:2]
    for index, image in enumerate(digits):
        Image.fromarray(image[..., 0]).save(tmp_path / f"{index}.png")
    rows = load_predictor(autoencoder_run.run_dir).predict([str(tmp_path / "0.png"), str(tmp_path / "1.png")])
    x = digits.astype("float32") / 255
    expected = ((autoencoder_run.model.predict(x, verbose=0) - x) ** 2).reshape(2, -1).mean(axis=1)
    assert [row["reconstruction_error"] for row in rows] == pytest.approx(expected.tolist(), rel=1e-4)
    (tmp_path / "notes.txt").write_text("not an image")
    with pytest.raises(KeraslabError, match="predict on a reconstruction run takes image files .*notes.txt' is not"):
        load_predictor(autoencoder_run.run_dir).predict([str(tmp_path / "notes.txt")])


# -- captioning ---------------------------------------------------------------------------------------


def test_captioner_describes_image_files_as_the_model_does(runs, tmp_path):
    from keraslab.generative.shape_scenes import make_scenes
    from keraslab.tasks.captioning import greedy_captions

    result = train(runs, "shapes-captioner")
    captioner = load_predictor(result.run_dir)
    images, _ = make_scenes(2, seed=123, size=captioner.spec["image_shape"][0])
    for index, image in enumerate(images):
        Image.fromarray(image).save(tmp_path / f"{index}.png")
    rows = captioner.predict([str(tmp_path / "0.png"), str(tmp_path / "1.png")])
    expected = greedy_captions(result.model, images, captioner.spec["vocabulary"], captioner.spec["caption_length"])
    assert [row["caption"] for row in rows] == expected
    assert all(set(row["caption"].split()) <= set(captioner.spec["vocabulary"]) for row in rows)


# -- text generation ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def text_run(runs):
    return train(runs, "text-generation", sample_tokens=0)


def test_generate_continues_the_prompt_and_repeats_under_a_seed(text_run):
    generator = load_predictor(text_run.run_dir, "generate")
    first = generator.generate("ROMEO:", 12, temperature=1.0, top_k=5, seed=3)
    assert first.startswith("ROMEO:") and len(first) == len("ROMEO:") + 12  # a character tokenizer
    assert first == generator.generate("ROMEO:", 12, temperature=1.0, top_k=5, seed=3)
    greedy = generator.generate("ROMEO:", 12, temperature=0)
    assert greedy == generator.generate("ROMEO:", 12, temperature=0, seed=99)  # greedy ignores the seed
    rows = generator.predict(["To be", "or not"])
    assert [row["input"] for row in rows] == ["To be", "or not"] and rows[1]["text"].startswith("or not")


@pytest.mark.parametrize("options, message", [
    ({"temperature": float("nan")}, "--temperature must be a finite number"),
    ({"temperature": -1}, "--temperature must be a finite number in [0, inf]"),
    ({"top_p": 0}, "--top-p must be a finite number in (0, 1]"),
    ({"num_tokens": -1}, "--tokens must be a whole number between 0 and"),
    ({"top_k": 1.5}, "--top-k must be a whole number"),
])
def test_generate_refuses_bad_options(text_run, options, message):
    with pytest.raises(KeraslabError) as error:
        load_predictor(text_run.run_dir).generate("ROMEO:", **{"num_tokens": 3, **options})
    assert message in str(error.value)


# -- text classification ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def speakers_run(runs):
    return train(runs, "shakespeare-speakers-transformer")


def test_text_classifier_names_a_speaker_for_each_text(speakers_run):
    classifier = load_predictor(speakers_run.run_dir)
    names = classifier.spec["class_names"]
    rows = classifier.predict(["O Romeo, Romeo, wherefore art thou Romeo?", "My lord."])
    assert [row["input"] for row in rows] == ["O Romeo, Romeo, wherefore art thou Romeo?", "My lord."]
    assert all(row["prediction"] in names and 1 / len(names) <= row["probability"] <= 1 for row in rows)
    with pytest.raises(KeraslabError, match="Cannot classify ' ': give a text"):
        classifier.predict([" "])


# -- seq2seq ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seq2seq_run(runs):
    return train(runs, "seq2seq-attention", num_examples=100)


def test_translate_writes_iso_shaped_dates(seq2seq_run):
    translator = load_predictor(seq2seq_run.run_dir, "translate")
    found = translator.translate(["7 March 1995", "the 3rd of May, 2001"])
    assert len(found) == 2 and all(len(text) <= 10 and set(text) <= set("0123456789-") for text in found)
    assert translator.predict(["7 March 1995"]) == [{"input": "7 March 1995", "translation": found[0]}]
    with pytest.raises(KeraslabError, match="has 200 characters; this model reads at most"):
        translator.translate(["7" * 200])
    with pytest.raises(KeraslabError, match="give a date as text"):
        translator.translate(["  "])


# -- forecasting --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def forecast_run(runs):
    return train(runs, "forecasting")


def test_forecast_of_a_csv_matches_the_runs_own_series(forecast_run, tmp_path):
    from keraslab.data.time_series import load_series_data

    forecaster = load_predictor(forecast_run.run_dir)
    own = forecaster.forecast()
    assert own["after"] == "1990-12-31" and len(own["values"]) == forecaster.spec["horizon"]
    series = load_series_data("daily-min-temperatures")
    tail = "".join(f"{d.date()},{v}\n" for d, v in zip(series.dates[-20:], series.values[-20:]))
    (tmp_path / "tail.csv").write_text("Date,Temp\n" + tail)
    assert forecaster.forecast(str(tmp_path / "tail.csv"))["values"] == pytest.approx(own["values"])
    rows = forecaster.predict([])
    assert rows[0]["step"] == 1 and rows[0]["forecast"] == pytest.approx(own["values"][0])
    (tmp_path / "short.csv").write_text("Date,Temp\n" + tail.splitlines()[-1] + "\n")
    with pytest.raises(KeraslabError, match="short.csv' has 1 values; this model reads the last 7"):
        forecaster.forecast(str(tmp_path / "short.csv"))
    (tmp_path / "other.csv").write_text("day,level\n2020-01-01,3\n")
    with pytest.raises(KeraslabError, match="lacks columns Date, Temp; the model was trained on 'Temp' by 'Date'"):
        forecaster.predict([str(tmp_path / "other.csv")])


# -- generation ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["mnist-vae", "mnist-gan", "mnist-ddpm"])
def generative_run(runs, request):
    return train(runs, request.param, fid_samples=0)


def test_sample_gives_images_in_the_unit_range_repeatable_by_seed(generative_run):
    sampler = load_predictor(generative_run.run_dir, "sample")
    images = sampler.sample(3, seed=1)
    assert images.shape == (3, 28, 28, 1) and 0 <= images.min() and images.max() <= 1
    assert np.allclose(images, sampler.sample(3, seed=1), atol=1e-6)
    assert not np.allclose(images, sampler.sample(3, seed=2))
    with pytest.raises(KeraslabError, match="--count must be a whole number between 1 and"):
        sampler.sample(0)


def test_sample_command_writes_a_grid_and_refuses_predict(generative_run, tmp_path, capsys):
    output = tmp_path / "grid.png"
    assert main(["sample", str(generative_run.run_dir), "--count", "4", "--output", str(output)]) == 0
    assert Image.open(output).size == (4 * 28 * 2, 28 * 2)
    assert main(["predict", str(generative_run.run_dir), "x.png"]) == 2
    assert "it has sample, not predict. Try: keraslab sample" in capsys.readouterr().err


# -- what every run shares ----------------------------------------------------------------------------


@pytest.mark.parametrize("status, state", [({"status": "failed", "reason": "DataError: bad CSV"}, "failed"),
                                           ({"status": "running", "pid": 2 ** 22 + 1}, "interrupted"),
                                           (None, "unknown")])
def test_a_run_that_is_not_complete_is_refused(tabular, tmp_path, status, state):
    import socket

    copy = tmp_path / "run"
    shutil.copytree(tabular[0].run_dir, copy)
    if status is None:
        (copy / "status.json").unlink()
    else:
        (copy / "status.json").write_text(json.dumps({**status, "host": socket.gethostname()}))
    with pytest.raises(KeraslabError, match=f"is {state}, not complete.*; predict needs a complete run"):
        load_predictor(copy)


@pytest.mark.parametrize("content, detail", [(b"garbage", "not a .keras zip archive"),
                                             (None, "Run .* has no model.keras")])
def test_a_damaged_or_missing_model_is_refused_in_one_line(tabular, tmp_path, capsys, content, detail):
    result, folder = tabular
    copy = tmp_path / "run"
    shutil.copytree(result.run_dir, copy)
    if content is None:
        (copy / "model.keras").unlink()
    else:
        (copy / "model.keras").write_bytes(content)
    (folder / "ok.csv").write_text("x1,x2,colour\n1,2,red\n")
    assert main(["predict", str(copy), str(folder / "ok.csv")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "File not found" not in error
    assert re.search(detail, error)


def test_a_task_without_a_predictor_says_so(tmp_path):
    (tmp_path / "config.yaml").write_text("preset: neuron\nbackend: tensorflow\nconfig: {task: fundamentals-neuron}\n")
    (tmp_path / "status.json").write_text('{"status": "complete"}')
    with pytest.raises(KeraslabError, match="is a fundamentals-neuron run .preset neuron., and that task has no "
                                            "predictor, so it has no predict, generate, sample or play"):
        load_predictor(tmp_path)


def test_a_verb_the_task_lacks_names_the_ones_it_has(forecast_run):
    with pytest.raises(KeraslabError, match="is a forecasting run .*; it has predict and forecast, not play. "
                                            "Try: keraslab predict"):
        load_predictor(forecast_run.run_dir, "play")
