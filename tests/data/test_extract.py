import io
import tarfile
import zipfile

import pytest

from keraslab.data.extract import safe_extract
from keraslab.errors import DataError


def make_zip(path, names):
    with zipfile.ZipFile(path, "w") as bundle:
        for name in names:
            bundle.writestr(name, "x")
    return path


def make_tar(path, members):
    with tarfile.open(path, "w:gz") as bundle:
        for member, data in members:
            bundle.addfile(member, io.BytesIO(data) if data is not None else None)
    return path


def test_good_zip_extracts(tmp_path):
    archive = make_zip(tmp_path / "good.zip", ["a/b.txt", "c.txt"])
    target = safe_extract(archive, tmp_path / "out")
    assert (target / "a" / "b.txt").read_text() == "x"


@pytest.mark.parametrize("name, why", [("../evil.txt", "climbs out"), ("/etc/evil.txt", "absolute path")])
def test_zip_members_that_escape_are_refused(tmp_path, name, why):
    archive = make_zip(tmp_path / "bad.zip", ["ok.txt", name])
    with pytest.raises(DataError, match=why):
        safe_extract(archive, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "evil.txt").exists()


def test_tar_symlink_leaving_the_target_is_refused(tmp_path):
    link = tarfile.TarInfo("data/link")
    link.type, link.linkname = tarfile.SYMTYPE, "../../outside"
    archive = make_tar(tmp_path / "bad.tar.gz", [(link, None)])
    with pytest.raises(DataError, match="links to '../../outside' outside the target"):
        safe_extract(archive, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_tar_dotdot_is_refused(tmp_path):
    member = tarfile.TarInfo("../escape.txt")
    member.size = 1
    archive = make_tar(tmp_path / "bad.tar.gz", [(member, b"x")])
    with pytest.raises(DataError, match="climbs out"):
        safe_extract(archive, tmp_path / "out")


def test_tar_symlink_inside_is_allowed(tmp_path):
    member = tarfile.TarInfo("data/file.txt")
    member.size = 1
    link = tarfile.TarInfo("data/link")
    link.type, link.linkname = tarfile.SYMTYPE, "file.txt"
    archive = make_tar(tmp_path / "ok.tar.gz", [(member, b"x"), (link, None)])
    target = safe_extract(archive, tmp_path / "out")
    assert (target / "data" / "link").read_text() == "x"
