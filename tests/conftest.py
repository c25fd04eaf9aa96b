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
    _plan_smoke_folder(config)


# The preset contract's smoke processes (tests/helpers/smoke_processes.py): their folder, and the processes
# where this pytest process started them.
_SMOKE = {"folder": None, "processes": []}


def smoke_folder():
    return _SMOKE["folder"]


def _plan_smoke_folder(config):
    """One folder a session: made by the controller (or the only process), handed to xdist's workers."""
    if hasattr(config, "workerinput"):
        _SMOKE["folder"] = config.workerinput["keraslab_smoke_folder"]
    else:
        import tempfile

        _SMOKE["folder"] = tempfile.mkdtemp(prefix="keraslab-smoke-")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput["keraslab_smoke_folder"] = _SMOKE["folder"]


def _start_smoke(config, node_ids):
    """Start the smoke processes as soon as the tests are known, so they run beside the other tests, and
    only for the presets selected (`-k mnist-cnn` runs one preset's smoke runs, not all of them)."""
    from tests.helpers import smoke_processes

    if config.option.collectonly or not smoke_processes.contract_selected(node_ids):
        return
    _SMOKE["processes"] += smoke_processes.start(_SMOKE["folder"], smoke_processes.selected_presets(node_ids))


def pytest_collection_modifyitems(session, config, items):
    """The preset contract's tests go last (pyproject.toml's --no-loadscope-reorder keeps xdist to this
    order): they wait for the smoke processes, so a worker that took them first sat idle for 20 minutes
    while every other test file queued behind its partner."""
    items.sort(key=lambda item: item.nodeid.startswith("tests/test_presets_contract.py"))


def pytest_collection_finish(session):
    if not hasattr(session.config, "workerinput"):  # without xdist (or -n 0); with it, the controller starts them
        _start_smoke(session.config, [item.nodeid for item in session.items])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    _start_smoke(node.config, ids)  # the first worker's collection; the others find them started


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput") and _SMOKE["folder"]:
        from tests.helpers import smoke_processes

        smoke_processes.stop(_SMOKE["processes"], _SMOKE["folder"])


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
