"""Export: every format this backend can write is checked against Keras; refusals are one line, exit 2."""

import importlib.util
import json

import pytest

import keraslab
from keraslab.cli import main
from keraslab.export.exporter import export_run
from keraslab.export.formats import ExportError, check_supported, supported_formats


@pytest.fixture(scope="module")
def digits_run(tmp_path_factory):
    """A tiny complete CNN run on scikit-learn's digits (seconds)."""
    runs = tmp_path_factory.mktemp("runs")
    return keraslab.run("quickstart", runs_dir=runs, smoke=True, quiet=True).run_dir


def _backend():
    import keras

    return keras.backend.backend()


def _installed(format_name):
    try:
        check_supported(format_name, _backend())
    except ExportError:
        return False
    return True


@pytest.mark.parametrize("format_name", ["saved_model", "onnx", "litert", "openvino"])
def test_each_format_matches_keras_and_lands_in_exports(digits_run, format_name):
    if not _installed(format_name):
        pytest.skip(f"{format_name} cannot be written on {_backend()} here")
    report = export_run(digits_run, format_name, num_samples=16, repeats=1)
    assert report["max_abs_difference"] <= 1e-4
    assert report["checked_on"] == "16 test-split inputs"
    assert report["size_bytes"] > 10_000
    assert set(report["latency_ms"]) == {"batch_1", "batch_128"}
    exports = digits_run / "exports"
    assert (exports / report["path"].split("/")[-1]).exists()
    assert not [p for p in exports.iterdir() if p.name.startswith(".export-")]  # no temporary left


def test_cli_prints_a_json_report(digits_run, capsys):
    assert main(["export", str(digits_run), "--format", "saved_model", "--samples", "4", "--repeats", "0",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["format"] == "saved_model" and report["latency_ms"] == {}


def test_a_failed_parity_check_writes_nothing(digits_run, tmp_path):
    destination = tmp_path / "model.onnx"
    if not _installed("onnx"):
        pytest.skip("onnx export not installed")
    with pytest.raises(ExportError, match=r"differs from Keras by .* so it was not written"):
        export_run(digits_run, "onnx", output=destination, num_samples=4, repeats=0, tolerance=-1)
    assert list(tmp_path.iterdir()) == []


def test_an_incomplete_run_is_refused_with_exit_2(digits_run, tmp_path, capsys):
    failed = tmp_path / "failed-run"
    failed.mkdir()
    (failed / "config.yaml").write_text((digits_run / "config.yaml").read_text())
    (failed / "status.json").write_text(json.dumps({"status": "failed", "reason": "interrupted"}))
    assert main(["export", str(failed), "--format", "onnx"]) == 2
    error = capsys.readouterr().err
    assert "is failed, not complete (interrupted); export needs a complete run" in error
    assert error.count("\n") == 1
    assert not (failed / "exports").exists()


def test_formats_the_backend_cannot_write_are_refused_by_name():
    with pytest.raises(ExportError, match="Keras cannot export format 'litert' from a model on the jax backend"):
        check_supported("litert", "jax")
    assert supported_formats("jax") == ["saved_model", "onnx", "openvino"]
    with pytest.raises(ExportError, match="Unknown export format 'onx'. Did you mean 'onnx'"):
        check_supported("onx", "tensorflow")


def test_a_missing_converter_names_the_pip_install(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "tf2onnx" else real(name, *a))
    with pytest.raises(ExportError, match=r"needs tf2onnx, which is not installed. Install it: pip install "
                                          r"tf2onnx \(or pip install 'keraslab\[export\]'\)"):
        check_supported("onnx", "tensorflow")
