"""The folder loader on bad input: every case ends in one actionable line, or in a counted skip."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from keraslab.data.image_folder import decode_images, load_image_folder
from keraslab.errors import DataError

from .images import make_class_folder

REPO = Path(__file__).resolve().parents[2]


def test_layout_with_splits_and_stray_files(tmp_path):
    root = make_class_folder(tmp_path / "data", splits=["train", "valid", "test"], per_class=4)
    (root / "train" / "class_0" / ".DS_Store").write_bytes(b"\x00\x01junk")
    (root / "train" / "notes.txt").write_text("not a class")
    data = load_image_folder(root, image_size=16)
    assert data.class_names == ["class_0", "class_1", "class_2"]
    assert data.x_train.shape == (12, 16, 16, 3) and data.x_val.shape[0] == 12 and data.x_test.shape[0] == 12
    assert data.x_train.dtype == np.uint8


def test_mixed_sizes_and_colour_modes(tmp_path):
    from PIL import Image

    root = make_class_folder(tmp_path / "data", num_classes=2, per_class=3)
    Image.new("L", (30, 20), 128).save(root / "class_0" / "gray.png")
    Image.new("RGBA", (17, 40), (10, 20, 30, 128)).save(root / "class_0" / "alpha.png")
    Image.new("CMYK", (25, 25), (0, 50, 100, 0)).save(root / "class_1" / "cmyk.jpg")
    data = load_image_folder(root, image_size=0, color_mode="auto")
    # Mixed sizes fall back to the default side; mixed modes to RGB (what most images are).
    assert data.x_train.shape[1:] == (128, 128, 3)
    assert len(data.y_train) + len(data.y_test) == 9


def test_truncated_and_non_image_files_are_skipped_and_counted(tmp_path):
    root = make_class_folder(tmp_path / "data", num_classes=2, per_class=5)
    good = (root / "class_0" / "img_0.png").read_bytes()
    (root / "class_0" / "truncated.png").write_bytes(good[: len(good) // 3])
    (root / "class_1" / "fake.jpg").write_text("this is not a JPEG")
    with pytest.warns(UserWarning, match="Skipped 2 of 12 files"):
        data = load_image_folder(root, image_size=16)
    assert len(data.y_train) + len(data.y_test) == 10


def test_strict_refuses_a_bad_file_naming_it(tmp_path):
    root = make_class_folder(tmp_path / "data", num_classes=2, per_class=3)
    (root / "class_1" / "fake.jpg").write_text("this is not a JPEG")
    with pytest.raises(DataError, match=r"fake\.jpg could not be decoded .*strict=true"):
        load_image_folder(root, image_size=16, skip_bad=False)


def test_no_images_and_one_class_are_refused(tmp_path):
    (tmp_path / "empty" / "cats").mkdir(parents=True)
    with pytest.raises(DataError, match="has class folders \\(cats\\) but no images"):
        load_image_folder(tmp_path / "empty")
    (tmp_path / "flat").mkdir()
    with pytest.raises(DataError, match="no class sub-folders"):
        load_image_folder(tmp_path / "flat")
    one = make_class_folder(tmp_path / "one", num_classes=1, per_class=3)
    with pytest.raises(DataError, match="one class only"):
        load_image_folder(one)


def test_decoded_images_are_cached_and_reused(tmp_path):
    root = make_class_folder(tmp_path / "data", num_classes=2, per_class=3)
    files = sorted(root.rglob("*.png"))
    first, keep = decode_images(files, 12, "rgb")
    cached = list(Path(os.environ["KERASLAB_HOME"]).glob("decoded/*.npz"))
    assert cached, "decoding should leave a cache entry"
    again, keep_again = decode_images(files, 12, "rgb")
    np.testing.assert_array_equal(first, again)
    assert keep == keep_again


def _cli(*args):
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}
    return subprocess.run([sys.executable, "-m", "keraslab", *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=300)


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    unknown = _cli("show", "image-classifier", "--set", "backbone=mobilenetv2")
    assert unknown.returncode == 2
    assert "Did you mean 'mobilenet_v2'?" in unknown.stderr and len(unknown.stderr.strip().splitlines()) == 1
    root = make_class_folder(tmp_path / "data", num_classes=2, per_class=4, side=24)
    small = _cli("run", "image-classifier", "--smoke", "--quiet", "--runs-dir", str(tmp_path / "runs"),
                 "--set", f"data={root}", "--set", "backbone=xception", "--set", "image_size=32")
    assert small.returncode == 2, small.stderr[-2000:]
    last = small.stderr.strip().splitlines()[-1]
    assert "xception needs images of at least 71 px" in last and "image_size=71" in last
