"""The command line: one-line errors with exit status 2, --json, runs, predict."""

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from keraslab.cli import main


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv, message", [
    (["run", "mnist-cn"], "Unknown preset 'mnist-cn'. Did you mean 'mnist-cnn'?"),
    (["run", "quickstart", "--set", "epoch=3"], "Unknown key 'epoch' in preset 'quickstart'. Did you mean 'epochs'?"),
    (["run", "quickstart", "--backend", "jaxx"], "Unknown backend 'jaxx'. Did you mean 'jax'?"),
    (["run", "quickstart", "--set", "epochs=-2"], "Key 'epochs' in preset 'quickstart' must be >= 1 and <= 100000; got -2."),
    (["show", "missing.yaml"], "Config file 'missing.yaml' not found."),
    (["run", "tabular", "--set", "data=nope.csv", "--set", "target=y"], "Data 'nope.csv' is neither a dataset nor an existing path."),
    (["datasets", "fetch", "mnsit"], "Unknown dataset 'mnsit'. Did you mean 'mnist'?"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, runs_dir, argv, message):
    code, out, err = run_cli(capsys, *argv, *(["--runs-dir", str(runs_dir)] if argv[0] == "run" else []))
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_csv_target_is_refused_before_any_run_folder_exists(capsys, runs_dir, tmp_path):
    csv = tmp_path / "my.csv"
    csv.write_text("a,b\n1,2\n3,4\n")
    code, _, err = run_cli(capsys, "run", "tabular", "--set", f"data={csv}", "--set", "target=strength",
                           "--runs-dir", str(runs_dir))
    assert code == 2 and "Column 'strength' not found in" in err and "Columns: a, b" in err
    assert not runs_dir.exists()


def test_list_groups_presets_by_lesson(capsys):
    code, out, _ = run_cli(capsys, "list")
    assert code == 0
    assert "2. Regression and classification with Keras" in out and "concrete-regression" in out


def test_tabular_run_json_runs_and_predict(capsys, runs_dir, tmp_path):
    rows = ["x1,x2,colour,y"]
    rng = np.random.default_rng(0)
    for _ in range(120):
        x1, x2 = rng.normal(size=2)
        colour = rng.choice(["red", "blue"])
        rows.append(f"{x1:.3f},{x2:.3f},{colour},{3 * x1 - 2 * x2 + (1 if colour == 'red' else 0):.3f}")
    csv = tmp_path / "train.csv"
    csv.write_text("\n".join(rows) + "\n")
    code, out, _ = run_cli(capsys, "run", "tabular", "--set", f"data={csv}", "--set", "target=y",
                           "--set", "epochs=3", "--runs-dir", str(runs_dir), "--json")
    assert code == 0
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == "complete" and "test_mse" in result["metrics"] and "test_mae" in result["metrics"]
    run_dir = result["run_dir"]
    for name in ("config.yaml", "status.json", "metrics.json", "history.csv", "model.keras",
                 "plots/learning_curves.png", "plots/predicted_vs_actual.png"):
        assert Path(run_dir, name).exists(), name
    saved = json.loads(open(f"{run_dir}/metrics.json").read())
    assert saved["metrics"] == result["metrics"]  # the task's figures, as run() returned them
    facts = saved["facts"]
    assert facts["backend"] and facts["versions"]["keras"] and facts["samples_per_second"] > 0

    code, out, _ = run_cli(capsys, "runs", "--runs-dir", str(runs_dir))
    assert code == 0 and "complete" in out and "test_mse=" in out

    query = tmp_path / "query.csv"
    query.write_text("x1,x2,colour\n1.0,0.0,red\n0.0,1.0,blue\n")
    code, out, _ = run_cli(capsys, "predict", run_dir, str(query), "--json")
    predictions = [json.loads(line) for line in out.strip().splitlines()]
    assert code == 0 and len(predictions) == 2 and all("prediction" in p for p in predictions)


def test_image_folder_run_and_predict(capsys, runs_dir, tmp_path):
    for label, colour in (("red", (220, 30, 30)), ("blue", (30, 30, 220))):
        (tmp_path / "photos" / label).mkdir(parents=True)
        for index in range(12):
            noise = np.random.default_rng(index).integers(0, 40, (16, 16, 3))
            Image.fromarray((np.array(colour) + noise).clip(0, 255).astype("uint8")).save(
                tmp_path / "photos" / label / f"{index}.png")
    code, out, _ = run_cli(capsys, "run", "image-classifier", "--set", f"data={tmp_path / 'photos'}",
                           "--set", "epochs=2", "--set", "conv_filters=8", "--runs-dir", str(runs_dir), "--json")
    result = json.loads(out.strip().splitlines()[-1])
    assert code == 0 and "test_accuracy" in result["metrics"]
    assert Path(result["run_dir"], "plots", "confusion_matrix.png").exists()
    code, out, _ = run_cli(capsys, "predict", result["run_dir"], str(tmp_path / "photos" / "red" / "0.png"))
    assert code == 0 and "prediction=" in out


def test_datasets_list_fetch_verify(capsys):
    code, out, _ = run_cli(capsys, "datasets", "list")
    assert code == 0 and "mnist" in out and "digits" in out and "bundled" in out
    code, out, _ = run_cli(capsys, "datasets", "fetch", "concrete")
    assert code == 0 and out.strip().endswith("concrete")
    code, out, _ = run_cli(capsys, "datasets", "verify", "concrete")
    assert code == 0 and "concrete/concrete_data.csv: ok" in out
