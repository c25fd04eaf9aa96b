"""The fault suite: every command on a catalogue of generated bad inputs.

For each case: exit status 2, exactly one line on stderr that names the thing at fault, no traceback,
nothing left that looks complete (no run folder at all: the cheap checks run first), and no backend
imported to find out. Cases run in-process through `main()`; a few subprocess cases at the end prove
that the backend's start-up logging never reaches the user.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from keraslab.cli import main

from .catalogue import CASES, HOSTILE_KINDS, hostile_archive, write

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """A fresh cache and an empty mirror, so dataset cases see nothing fetched and nothing to fetch."""
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KERASLAB_MIRROR", str(tmp_path / "mirror"))
    (tmp_path / "mirror").mkdir()
    monkeypatch.chdir(tmp_path)
    work = tmp_path / "case"
    work.mkdir()
    return work


def run_in_process(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse ends usage errors this way
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_clean_line(code, err, expected):
    assert code == 2, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("keraslab: error: ") and "Traceback" not in err, err
    assert expected in err, err


def nothing_looks_complete(root):
    statuses = [json.loads(p.read_text()).get("status") for p in Path(root).rglob("status.json")
                if "fake" not in p.parts]
    return "complete" not in statuses and not [p for p in Path(root).rglob("metrics.json") if "fake" not in p.parts]


@pytest.mark.parametrize("case_id, build, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_in_one_line(case_id, build, expected, isolated, capsys):
    argv = build(isolated)
    if argv[0] == "run" and "--runs-dir" not in argv:
        argv = [*argv, "--runs-dir", str(isolated / "runs")]
    backend_loaded = "keras" in sys.modules
    code, _, err = run_in_process(argv, capsys)
    assert_one_clean_line(code, err, expected)
    # Refused at the front door: no run folder was made, and no backend imported to find out.
    assert not [p for p in (isolated / "runs").glob("*/*/config.yaml") if "fake" not in p.parts]
    assert nothing_looks_complete(isolated.parent)
    if argv[0] in ("run", "show", "datasets") and not backend_loaded:
        assert "keras" not in sys.modules, f"{case_id} imported Keras before refusing"


def test_the_catalogue_is_large():
    assert len(CASES) >= 100


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_a_refused_archive_is_deleted_never_pinned(kind, isolated, capsys):
    mirror = Path(os.environ["KERASLAB_MIRROR"]) / "waste"
    write(mirror, "o-vs-r-split-reduced-1200.zip", hostile_archive(kind))
    code, _, err = run_in_process(["datasets", "fetch", "waste"], capsys)
    assert_one_clean_line(code, err, "o-vs-r-split-reduced-1200.zip")
    cache = Path(os.environ["KERASLAB_HOME"]) / "datasets" / "waste"
    assert not cache.is_dir() or sorted(p.name for p in cache.iterdir()) == [], sorted(cache.iterdir())
    assert not (isolated.parent / "etc").exists()
    run_in_process(["datasets", "list"], capsys)
    code, out, _ = run_in_process(["datasets", "list"], capsys)
    assert code == 0 and [line for line in out.splitlines() if line.startswith("waste ")][0].split()[2] == "not"


def test_a_fixed_source_is_fetched_afresh_after_a_refusal(isolated, capsys, tmp_path):
    from tests.vision.images import make_class_folder
    import zipfile

    mirror = Path(os.environ["KERASLAB_MIRROR"]) / "waste"
    archive = write(mirror, "o-vs-r-split-reduced-1200.zip", hostile_archive("zip-climb"))
    assert run_in_process(["datasets", "fetch", "waste"], capsys)[0] == 2
    source = make_class_folder(tmp_path / "src", num_classes=2, per_class=2, splits=["train", "test"], side=8)
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(source.rglob("*.png")):
            bundle.write(path, f"o-vs-r-split/{path.relative_to(source).as_posix()}")
    code, _, err = run_in_process(["datasets", "fetch", "waste"], capsys)
    # keraslab's own warnings reach the console as one line each.
    assert code == 0 and err.startswith("keraslab: warning: Dataset 'waste': the archive's sha256 is not pinned")
    assert err.count("\n") == 1, err
    code, out, _ = run_in_process(["datasets", "list"], capsys)
    assert [line for line in out.splitlines() if line.startswith("waste ")][0].split()[2] == "verified"
    code, out, _ = run_in_process(["datasets", "verify", "waste"], capsys)
    assert code == 0 and "waste/o-vs-r-split-reduced-1200.zip: ok" in out
    # Changed in the cache after that: verify says so, deletes it, and list no longer calls it verified.
    cached = Path(os.environ["KERASLAB_HOME"]) / "datasets" / "waste" / "o-vs-r-split-reduced-1200.zip"
    cached.write_bytes(cached.read_bytes() + b"tampered")
    code, out, err = run_in_process(["datasets", "verify", "waste"], capsys)
    assert_one_clean_line(code, err, "corrupt")
    assert "corrupt (deleted)" in out and not cached.exists()
    code, out, _ = run_in_process(["datasets", "list"], capsys)
    assert [line for line in out.splitlines() if line.startswith("waste ")][0].split()[2] == "not"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere; permissions cannot be tested")
@pytest.mark.parametrize("target", ["runs", "csv"])
def test_unreadable_and_unwritable_paths(target, isolated, capsys):
    if target == "runs":
        folder = isolated / "ro"
        folder.mkdir(mode=0o500)
        argv = ["run", "quickstart", "--runs-dir", str(folder / "runs")]
        expected = "not writable"
    else:
        path = write(isolated, "secret.csv", "x,y\n1,2\n")
        path.chmod(0)
        argv = ["run", "tabular", "--set", f"data={path}", "--set", "target=y", "--runs-dir", str(isolated / "r")]
        expected = "permission denied"
    code, _, err = run_in_process(argv, capsys)
    assert_one_clean_line(code, err, expected)


def test_an_internal_error_says_so_and_saves_its_traceback(isolated, capsys, monkeypatch):
    import argparse

    from keraslab import cli

    def broken(args):
        raise ZeroDivisionError("boom")

    class Parser:
        def parse_args(self, argv):
            return argparse.Namespace(handler=broken)

    monkeypatch.setattr(cli, "build_parser", Parser)
    code, _, err = run_in_process(["list"], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "internal error (a bug in keraslab, not your input): ZeroDivisionError: boom" in err
    saved = Path(err.split("Traceback saved to ")[1].split("; please report")[0])
    assert saved.is_file() and "ZeroDivisionError" in saved.read_text()
    assert saved.parent == Path(os.environ["KERASLAB_HOME"]) / "errors"


# --- subprocess cases: the real console, where the backend's C++ start-up logging would show ----------------------

def _keraslab(*argv, env=None, cwd=None):
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    environment.pop("TF_CPP_MIN_LOG_LEVEL", None)  # silencing must not depend on the caller's environment
    return subprocess.run([sys.executable, "-m", "keraslab", *argv], capture_output=True, text=True,
                          env=environment, cwd=cwd, timeout=300)


def test_subprocess_diverged_run_is_one_line_and_failed_not_complete(tmp_path):
    # Finite in the file, but its squared error overflows float32: found only after training (the backend
    # loaded), so the run folder exists and is marked failed, never complete.
    rows = "".join(f"{i / 80:.3f},{i * 1.3e24:.3e}\n" for i in range(80))
    path = write(tmp_path, "huge.csv", "x,y\n" + rows)
    result = _keraslab("run", "tabular", "--set", f"data={path}", "--set", "target=y", "--set", "epochs=1",
                       "--runs-dir", str(tmp_path / "runs"), "--quiet",
                       "--backend", "tensorflow" if _has("tensorflow") else "auto")
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("keraslab: error: Training diverged"), result.stderr
    statuses = [json.loads(p.read_text())["status"] for p in (tmp_path / "runs").rglob("status.json")]
    assert statuses == ["failed"] and not list((tmp_path / "runs").rglob("metrics.json"))


def test_subprocess_damaged_model_is_one_line(tmp_path):
    run = tmp_path / "runs" / "mnist-vae" / "20260101-000000-abcdef"
    write(run, "config.yaml", "preset: mnist-vae\nbackend: tensorflow\nconfig:\n  task: generation\n"
          if _has("tensorflow") else "preset: mnist-vae\nconfig:\n  task: generation\n")
    write(run, "status.json", '{"status": "complete"}')
    write(run, "model.keras", b"PK\x03\x04 not really a zip")
    result = _keraslab("sample", str(run), env={"KERASLAB_HOME": str(tmp_path / "home")})
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "model.keras" in result.stderr, result.stderr


def test_subprocess_config_error_is_one_line(tmp_path):
    result = _keraslab("run", "quickstart", "--set", "learning_rate=nan", "--runs-dir", str(tmp_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "learning_rate" in result.stderr


def _has(module):
    from keraslab.backend import installed_backends

    return module in installed_backends()


@pytest.mark.skipif(not (Path(os.environ["KERASLAB_MIRROR"]) / "concrete").is_dir(), reason="no offline mirror")
@pytest.mark.parametrize("argv, expected", [
    (["run", "concrete-regression", "--set", "target=strenght"], "Column 'strenght' not found"),
    (["run", "forecast-airline", "--set", "value=Passengerz"], "Column 'Passengerz'"),
    (["run", "forecast-airline", "--set", "window=500"], "window (500)"),
    (["run", "shakespeare-transformer", "--set", "data=concrete"], "needs text"),
])
def test_registered_datasets_are_checked_before_the_backend(argv, expected, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "home"))
    backend_loaded = "keras" in sys.modules
    code, _, err = run_in_process([*argv, "--runs-dir", str(tmp_path / "runs")], capsys)
    assert_one_clean_line(code, err, expected)
    assert not (tmp_path / "runs").exists()
    assert backend_loaded or "keras" not in sys.modules
