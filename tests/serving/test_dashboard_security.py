"""keraslab ui serves nothing from outside its runs folder: '..', absolute paths and links that lead out are
refused (tested here with runs written by RunDirectory's own writers, no training), request bodies are
size-limited, and it listens on 127.0.0.1 unless told otherwise (with a warning)."""

import os

import pytest
from starlette.testclient import TestClient

from keraslab.cli import main
from keraslab.serving.dashboard import build_dashboard
from keraslab.serving.http import wrap
from keraslab.training.run_dir import RunDirectory

SECRET = "the secret outside the runs folder"


@pytest.fixture
def site(tmp_path):
    """runs/mnist-cnn/<run> with a picture and a text sample, a secret beside the runs folder, and links out."""
    runs = tmp_path / "runs"
    (tmp_path / "secret.txt").write_text(SECRET)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET)
    run = RunDirectory.create(runs, "mnist-cnn")
    run.write_config({"task": "image-classifier", "epochs": 1}, {"preset": "mnist-cnn", "backend": "tensorflow"})
    run.write_status("complete")
    run.write_results({"test_accuracy": 0.991}, {"wall_seconds": 12.5})
    run.write_history({"train": {"loss": [0.5, 0.3], "val_loss": [0.6, 0.4]}})
    (run.plots / "curves.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 16)
    (run.samples / "notes.txt").write_text("hello")
    (run.checkpoints / "state.txt").write_text("resume state")
    os.symlink(tmp_path / "secret.txt", run.plots / "leak.png")
    os.symlink(tmp_path / "outside", run.samples / "outside")
    os.symlink(run.plots / "curves.png", run.plots / "alias.png")  # a link that stays inside is fine
    elsewhere = tmp_path / "elsewhere" / "stolen"
    elsewhere.mkdir(parents=True)
    (elsewhere / "config.yaml").write_text((run.path / "config.yaml").read_text())
    (elsewhere / "secret.txt").write_text(SECRET)
    os.symlink(tmp_path / "elsewhere", runs / "linked")  # a preset folder that is a link out
    client = TestClient(wrap(build_dashboard(runs), limit=4096), base_url="http://127.0.0.1")
    return client, f"/artifacts/mnist-cnn/{run.path.name}", run


def test_pictures_and_samples_are_served_with_their_types(site):
    client, base, run = site
    assert run.artifacts() == ["plots/alias.png", "plots/curves.png", "samples/notes.txt"]
    response = client.get(f"{base}/plots/curves.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get(f"{base}/samples/notes.txt").text == "hello"
    assert client.get(f"{base}/plots/alias.png").status_code == 200
    page = client.get(f"/runs/mnist-cnn/{run.path.name}")
    assert page.status_code == 200 and "plots/curves.png" in page.text and "leak.png" not in page.text


@pytest.mark.parametrize("path", [
    "%2e%2e/%2e%2e/%2e%2e/secret.txt",          # ../../../secret.txt, encoded so no client folds it
    "..%2f..%2f..%2fsecret.txt",
    "plots/..%2f..%2f..%2f..%2fsecret.txt",
    "%2e%2e%5c%2e%2e%5c%2e%2e%5csecret.txt",     # backslashes
    "/{tmp}/secret.txt",                          # absolute
    "%2f{tmp}%2fsecret.txt",
    "plots/leak.png",                             # a link to a file outside
    "samples/outside/secret.txt",                 # through a linked folder
    "config.yaml", "metrics.json", "model.keras",  # the contract's own files are read by the reader, not served
    "checkpoints/state.txt",
    "plots/.hidden.png", "plots/", "",
])
def test_artifact_paths_cannot_leave_the_run(site, path, tmp_path):
    client, base, _ = site
    response = client.get(f"{base}/{path.format(tmp=str(tmp_path).strip('/'))}")
    assert response.status_code == 404 and SECRET not in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("url", [
    "/runs/%2e%2e/%2e%2e", "/runs/linked/stolen", "/artifacts/linked/stolen/secret.txt",
    "/runs/mnist-cnn/%2e%2e", "/api/runs/..%2f..%2felsewhere/stolen", "/compare?run=linked/stolen&run=x/y",
    "/runs/mnist-cnn/nothing-here",
])
def test_run_names_cannot_leave_the_runs_folder(site, url):
    client, _, _ = site
    response = client.get(url)
    assert response.status_code == 404 and SECRET not in response.text


def test_request_bodies_are_size_limited(site):
    client, _, run = site
    big = client.post(f"/api/runs/mnist-cnn/{run.path.name}/files", files={"files": ("x.png", b"0" * 10_000)})
    assert big.status_code == 413 and "larger than 4,096 bytes" in big.json()["error"]


def test_pages_and_data(site):
    client, _, run = site
    rows = client.get("/api/runs").json()
    assert [r["id"] for r in rows] == [f"mnist-cnn/{run.path.name}"]
    assert rows[0]["metric"] == "test_accuracy" and rows[0]["met"] is True and rows[0]["target"] == ">= 0.990"
    assert client.get("/api/runs/mnist-cnn/" + run.path.name).json()["curves"]["train"]["series"]["loss"] == [0.5, 0.3]
    home = client.get("/")
    assert home.status_code == 200 and "0.991" in home.text and "12.5 s" in home.text
    assert "script-src 'self'" in home.headers["content-security-policy"]
    assert client.get("/compare?run=mnist-cnn/" + run.path.name).status_code == 400  # needs two


def test_ui_listens_on_loopback_unless_told_and_warns_then(site, monkeypatch, capsys, tmp_path):
    import uvicorn

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(options))
    assert main(["ui", "--runs-dir", str(tmp_path / "runs")]) == 0
    assert served["host"] == "127.0.0.1" and "warning" not in capsys.readouterr().err
    assert main(["ui", "--runs-dir", str(tmp_path / "runs"), "--host", "0.0.0.0"]) == 0
    assert served["host"] == "0.0.0.0" and "other machines can reach it" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert main(["ui", "--runs-dir", str(tmp_path / "file")]) == 2
