"""Test settings: the offline mirror, a throwaway KERASLAB_HOME, and one backend for in-process tests."""

import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]
MIRROR = pathlib.Path(os.environ.get("KERASLAB_MIRROR", REPO.parent / "shared" / "data")).resolve()


def pytest_configure(config):
    os.environ["KERASLAB_MIRROR"] = str(MIRROR)
    # In-process tests share one backend; the contract test runs every installed one in subprocesses.
    from keraslab.backend import installed_backends

    os.environ.setdefault("KERAS_BACKEND", "tensorflow" if "tensorflow" in installed_backends()
                          else installed_backends()[0])
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def pytest_collection_finish(session):
    """The preset contract's smoke processes start now, beside the other tests (see its start_smoke_runs).
    Under xdist each worker starts them when it first needs them."""
    if hasattr(session.config, "workerinput") or session.config.option.collectonly:
        return
    contract = [item for item in session.items if item.nodeid.startswith("tests/test_presets_contract.py")]
    if contract:
        import tempfile

        from tests.test_presets_contract import start_smoke_runs

        # Only the presets selected (`-k mnist-cnn` runs one preset's smoke runs, not all of them).
        selected = {item.callspec.params["preset"] for item in contract
                    if hasattr(item, "callspec") and "preset" in item.callspec.params}
        start_smoke_runs(pathlib.Path(tempfile.mkdtemp(prefix="keraslab-smoke-")), sorted(selected) or None)


@pytest.fixture(scope="session", autouse=True)
def keraslab_home(tmp_path_factory):
    """A cache of our own, so tests never touch ~/.keraslab and start from nothing."""
    home = tmp_path_factory.mktemp("keraslab_home")
    os.environ["KERASLAB_HOME"] = str(home)
    return home


@pytest.fixture
def runs_dir(tmp_path):
    return tmp_path / "runs"


def mirror_has(folder):
    return (MIRROR / folder).is_dir()


needs_mirror = pytest.mark.skipif(not MIRROR.is_dir(), reason=f"offline mirror {MIRROR} not present")
