import numpy as np
import pytest
from PIL import Image

from keraslab.data.image_folder import load_image_folder
from keraslab.errors import DataError


def make_images(folder, classes, count=4, size=(20, 20), mode="RGB"):
    for index, name in enumerate(classes):
        (folder / name).mkdir(parents=True, exist_ok=True)
        for number in range(count):
            colour = (index * 80, number * 10, 0) if mode == "RGB" else index * 80
            Image.new(mode, size, colour).save(folder / name / f"{number}.png")


def test_one_folder_is_split_once_with_the_seed(tmp_path):
    make_images(tmp_path, ["cat", "dog"], count=10)
    data = load_image_folder(tmp_path, test_split=0.2, seed=1)
    assert data.class_names == ["cat", "dog"]
    assert len(data.y_test) == 4 and len(data.y_train) == 16
    assert "seed 1" in data.split_note
    again = load_image_folder(tmp_path, test_split=0.2, seed=1)
    assert np.array_equal(data.y_test, again.y_test) and np.array_equal(data.x_test, again.x_test)


def test_train_validation_test_layout_and_mixed_sizes_and_modes(tmp_path):
    make_images(tmp_path / "train", ["a", "b"], size=(30, 20))
    make_images(tmp_path / "valid", ["a", "b"], count=2, mode="L")
    make_images(tmp_path / "test", ["a", "b"], count=2, size=(10, 10))
    data = load_image_folder(tmp_path, image_size=16, color_mode="rgb")
    assert data.x_train.shape == (8, 16, 16, 3) and data.x_val.shape == (4, 16, 16, 3)
    assert data.x_test.shape == (4, 16, 16, 3) and data.x_train.dtype == np.uint8


def test_one_class_is_refused(tmp_path):
    make_images(tmp_path, ["only"])
    with pytest.raises(DataError, match="images of one class only \\(only\\)"):
        load_image_folder(tmp_path)


def test_no_images_is_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with pytest.raises(DataError, match="has class folders \\(a, b\\) but no images"):
        load_image_folder(tmp_path)


def test_corrupt_image_is_skipped_with_a_warning_or_refused_when_strict(tmp_path):
    make_images(tmp_path, ["a", "b"])
    (tmp_path / "a" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.warns(UserWarning, match="Skipped 1 of 9 files .*broken.jpg.*strict=true"):
        data = load_image_folder(tmp_path, test_split=0.25)
    assert len(data.y_train) + len(data.y_test) == 8
    with pytest.raises(DataError, match="Image .*broken.jpg could not be decoded .*Remove it"):
        load_image_folder(tmp_path, skip_bad=False)
