"""The registered image datasets: manifests verified file by file, archives verified and extracted safely."""

import dataclasses
import hashlib
import zipfile

import pytest

from keraslab.data import archive_folder
from keraslab.data.fetch import fetch
from keraslab.data.manifest import read_manifest
from keraslab.data.registry import get_dataset
from keraslab.errors import DataError, IntegrityError

from tests.conftest import mirror_has
from .images import make_class_folder


def test_manifests_list_every_image_of_the_published_splits():
    clothing = read_manifest("clothing-small")
    counts = {split: sum(1 for path, _ in clothing if path.startswith(f"{split}/"))
              for split in ("train", "validation", "test")}
    assert counts == {"train": 3068, "validation": 341, "test": 372}
    aircraft = read_manifest("aircraft-damage")
    assert sum(1 for path, _ in aircraft if path.endswith(".jpg")) == 446
    assert get_dataset("clothing-small").files[5].urls[0].startswith(
        "https://raw.githubusercontent.com/alexeygrigorev/clothing-dataset-small/master/")


@pytest.mark.skipif(not mirror_has("aircraft-damage"), reason="mirror has no aircraft-damage")
def test_aircraft_damage_loads_from_the_mirror_with_its_splits():
    from keraslab.data.load import load_image_data

    data = load_image_data("aircraft-damage", image_size=32)
    assert data.class_names == ["crack", "dent"]
    assert (len(data.y_train), len(data.y_val), len(data.y_test)) == (300, 96, 50)
    assert data.x_train.shape[1:] == (32, 32, 3)


def test_a_corrupt_mirror_file_is_refused_naming_it(tmp_path, monkeypatch):
    mirror = tmp_path / "mirror"
    root = make_class_folder(mirror / "tiny", num_classes=2, per_class=2, splits=["train", "test"])
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.png"))
    digests = {name: hashlib.sha256((root / name).read_bytes()).hexdigest() for name in files}
    from keraslab.data.registry import Dataset, RemoteFile

    dataset = Dataset(name="tiny", description="", licence="", citation="", homepage="", loader="x:y",
                      files=tuple(RemoteFile(n, (), digests[n]) for n in files), mirror_folder="tiny", kind="images")
    monkeypatch.setenv("KERASLAB_MIRROR", str(mirror))
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "home"))
    assert sorted(p.name for p in fetch(dataset).rglob("*.png")) == sorted(n.split("/")[-1] for n in files)
    (root / files[0]).write_bytes(b"tampered")
    (tmp_path / "home" / "datasets" / "tiny" / files[0]).unlink()
    with pytest.raises(IntegrityError, match=files[0].split("/")[-1]):
        fetch(dataset)


def _zip_folder(source, archive, top):
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                bundle.write(path, f"{top}/{path.relative_to(source).as_posix()}")
    return hashlib.sha256(archive.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["fruits", "waste"])
def test_archive_datasets_verify_extract_and_load(name, tmp_path, monkeypatch):
    entry = get_dataset(name)
    mirror = tmp_path / "mirror"
    (mirror / entry.mirror_folder).mkdir(parents=True)
    source = make_class_folder(tmp_path / "src", num_classes=2, per_class=4, splits=["Training", "Test"], side=20)
    digest = _zip_folder(source, mirror / entry.mirror_folder / entry.extra["archive_name"], entry.extra["archive_root"])
    monkeypatch.setenv("KERASLAB_MIRROR", str(mirror))
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "home"))
    pinned = dataclasses.replace(entry, extra={**entry.extra, "archive_sha256": digest})
    data = archive_folder.load_archived_image_folder(pinned, image_size=16, seed=1)
    assert data.class_names == ["class_0", "class_1"] and len(data.y_train) == 8

    wrong = dataclasses.replace(entry, name=f"{name}-wrong", extra={**entry.extra, "archive_sha256": "0" * 64})
    with pytest.raises(IntegrityError, match="sha256"):
        archive_folder.load_archived_image_folder(wrong, image_size=16)


def test_unpinned_archive_records_its_first_hash_and_rejects_a_changed_one(tmp_path, monkeypatch):
    entry = get_dataset("waste")
    mirror = tmp_path / "mirror"
    (mirror / entry.mirror_folder).mkdir(parents=True)
    source = make_class_folder(tmp_path / "src", num_classes=2, per_class=3, side=20)
    archive = mirror / entry.mirror_folder / entry.extra["archive_name"]
    _zip_folder(source, archive, entry.extra["archive_root"])
    monkeypatch.setenv("KERASLAB_MIRROR", str(mirror))
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "home"))
    with pytest.warns(UserWarning, match="not pinned"):
        archive_folder.extracted_folder(entry)
    cached = tmp_path / "home" / "datasets" / "waste" / entry.extra["archive_name"]
    cached.write_bytes(cached.read_bytes() + b"changed")
    with pytest.raises(IntegrityError):
        archive_folder.extracted_folder(entry)


def test_an_archive_climbing_out_is_refused(tmp_path, monkeypatch):
    entry = get_dataset("fruits")
    mirror = tmp_path / "mirror"
    (mirror / entry.mirror_folder).mkdir(parents=True)
    archive = mirror / entry.mirror_folder / entry.extra["archive_name"]
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("../escape.txt", "out")
    monkeypatch.setenv("KERASLAB_MIRROR", str(mirror))
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "home"))
    pinned = dataclasses.replace(entry, extra={**entry.extra,
                                               "archive_sha256": hashlib.sha256(archive.read_bytes()).hexdigest()})
    with pytest.raises(DataError, match="climbs out"):
        archive_folder.extracted_folder(pinned)
    assert not (tmp_path / "home" / "datasets" / "escape.txt").exists()
