import gzip
import hashlib
import http.server
import threading

import pytest

from keraslab.data import fetch as fetch_module
from keraslab.data.fetch import fetch, verify
from keraslab.data.registry import Dataset, RemoteFile, get_dataset
from keraslab.errors import DataError, IntegrityError

CONTENT = b"a,b,target\n1,2,3\n4,5,6\n"
DIGEST = hashlib.sha256(CONTENT).hexdigest()


def make_dataset(name, urls=("http://127.0.0.1:9/none.csv",), gzipped=False, digest=DIGEST):
    return Dataset(name=name, description="test", licence="", citation="", homepage="",
                   loader="keraslab.data.csv_table:load_csv_dataset",
                   files=(RemoteFile("data.csv", urls, digest, gzipped=gzipped),), mirror_folder=name)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KERASLAB_MIRROR", raising=False)
    return tmp_path / "home"


def use_mirror(tmp_path, monkeypatch, filename, content):
    """A mirror folder holding dataset 'ds' as one file, and KERASLAB_MIRROR pointing at it."""
    mirror = tmp_path / "mirror"
    (mirror / "ds").mkdir(parents=True)
    (mirror / "ds" / filename).write_bytes(content)
    monkeypatch.setenv("KERASLAB_MIRROR", str(mirror))


def test_mirror_copy_is_verified_and_cached(home, tmp_path, monkeypatch):
    use_mirror(tmp_path, monkeypatch, "data.csv", CONTENT)
    folder = fetch(make_dataset("ds"))
    assert (folder / "data.csv").read_bytes() == CONTENT
    assert verify(make_dataset("ds")) == [("data.csv", "ok")]


def test_gzipped_mirror_copy_verifies_by_content(home, tmp_path, monkeypatch):
    use_mirror(tmp_path, monkeypatch, "data.csv.gz", gzip.compress(CONTENT))
    assert (fetch(make_dataset("ds")) / "data.csv").read_bytes() == CONTENT


def test_hash_mismatch_in_mirror_is_refused_and_nothing_is_cached(home, tmp_path, monkeypatch):
    use_mirror(tmp_path, monkeypatch, "data.csv", CONTENT + b"tampered\n")
    with pytest.raises(IntegrityError) as caught:
        fetch(make_dataset("ds"))
    message = str(caught.value)
    assert "data.csv" in message and DIGEST in message
    assert hashlib.sha256(CONTENT + b"tampered\n").hexdigest() in message
    assert not list((home / "datasets" / "ds").iterdir())


def test_corrupt_cache_is_detected(home, tmp_path, monkeypatch):
    use_mirror(tmp_path, monkeypatch, "data.csv", CONTENT)
    folder = fetch(make_dataset("ds"))
    (folder / "data.csv").write_bytes(b"changed")
    with pytest.raises(IntegrityError, match="Cached file"):
        fetch(make_dataset("ds"))
    assert verify(make_dataset("ds")) == [("data.csv", "corrupt")]
    # verify deletes what it found corrupt, so the next fetch gets a fresh, verified copy.
    assert not (folder / "data.csv").exists()
    assert (fetch(make_dataset("ds")) / "data.csv").read_bytes() == CONTENT
    assert verify(make_dataset("ds")) == [("data.csv", "ok")]


def test_a_stamped_cache_is_not_hashed_again_until_it_or_the_pinned_hash_changes(home, tmp_path, monkeypatch):
    use_mirror(tmp_path, monkeypatch, "data.csv", CONTENT)
    folder = fetch(make_dataset("ds"))
    hashed = []
    real_check = fetch_module.check_sha256
    monkeypatch.setattr(fetch_module, "check_sha256", lambda path, *rest: (hashed.append(path), real_check(path, *rest)))
    fetch(make_dataset("ds"))
    assert hashed == []  # size, time and pinned sha256 match the stamp: trusted without hashing
    # Same size, new contents and time: hashed again and refused.
    (folder / "data.csv").write_bytes(CONTENT.replace(b"1", b"7"))
    with pytest.raises(IntegrityError, match="Cached file"):
        fetch(make_dataset("ds"))
    (folder / "data.csv").write_bytes(CONTENT)
    fetch(make_dataset("ds"))
    hashed.clear()
    # The registry pins another sha256 (a new release of the file): the old stamp no longer vouches for it.
    with pytest.raises(IntegrityError, match="Cached file"):
        fetch(make_dataset("ds", digest="0" * 64))
    assert hashed == [folder / "data.csv"]


class _Server(http.server.BaseHTTPRequestHandler):
    body = CONTENT
    claimed_length = None

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(self.claimed_length or len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/data.csv"
    httpd.shutdown()


def test_download_is_verified_then_renamed(home, server, monkeypatch):
    monkeypatch.setattr(_Server, "body", CONTENT)
    monkeypatch.setattr(_Server, "claimed_length", None)
    folder = fetch(make_dataset("dl", urls=(server,)))
    assert (folder / "data.csv").read_bytes() == CONTENT


def test_download_cut_off_half_way_leaves_nothing(home, server, monkeypatch):
    monkeypatch.setattr(_Server, "body", CONTENT[:10])
    monkeypatch.setattr(_Server, "claimed_length", len(CONTENT))
    with pytest.raises(DataError, match="Could not download data.csv"):
        fetch(make_dataset("cut", urls=(server,)))
    assert not any((home / "datasets" / "cut").iterdir())


def test_download_with_wrong_content_is_refused(home, server, monkeypatch):
    monkeypatch.setattr(_Server, "body", b"not the published file\n")
    monkeypatch.setattr(_Server, "claimed_length", None)
    with pytest.raises(IntegrityError, match="expected " + DIGEST):
        fetch(make_dataset("wrong", urls=(server,)))
    assert not any((home / "datasets" / "wrong").iterdir())


def test_unknown_dataset_suggests_the_closest():
    with pytest.raises(DataError, match="Unknown dataset 'mnsit'. Did you mean 'mnist'"):
        get_dataset("mnsit")


def test_registered_datasets_verify_from_the_mirror(home, monkeypatch):
    from tests.conftest import MIRROR

    if not MIRROR.is_dir():
        pytest.skip("no offline mirror")
    monkeypatch.setenv("KERASLAB_MIRROR", str(MIRROR))
    for name in ("concrete", "car-evaluation"):
        dataset = get_dataset(name)
        fetch(dataset)
        assert all(state == "ok" for _, state in verify(dataset))
    assert fetch_module  # the module under test is importable without Keras
