"""keraslab classify: top-5 ImageNet classes for any photo, and one line with exit 2 for bad ones."""

import json

import pytest
from PIL import Image

from keraslab.cli import main

from .photos import photos
from .test_efficientnet_lite0 import needs_weights


@needs_weights
def test_classify_names_the_cat_in_grayscale_and_the_coffee_with_alpha(tmp_path, capsys):
    found = photos(side=300)
    Image.fromarray(found["cat"]).convert("L").save(tmp_path / "cat.png")
    Image.fromarray(found["coffee"]).convert("RGBA").save(tmp_path / "coffee.png")
    assert main(["classify", str(tmp_path / "cat.png"), str(tmp_path / "coffee.png"), "--json"]) == 0
    cat, coffee = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(cat["top"]) == 5 and cat["top"][0]["class"] in {"Egyptian cat", "tabby", "tiger cat"}
    assert coffee["top"][0]["class"] == "espresso" and coffee["top"][0]["probability"] > 0.5
    assert sum(entry["probability"] for entry in coffee["top"]) <= 1.0001


@pytest.mark.parametrize("name, make, message", [
    ("tiny.png", lambda p: Image.new("RGB", (20, 31)).save(p), r"is 20x31 px; classify needs at least 32 px"),
    ("broken.jpg", lambda p: p.write_bytes(b"not a jpeg"), r"could not be decoded \(UnidentifiedImageError\)"),
    ("missing.jpg", lambda p: None, r"not found; give paths to existing image files"),
])
def test_bad_photos_are_one_line_and_exit_2(tmp_path, capsys, name, make, message):
    import re

    make(tmp_path / name)
    assert main(["classify", str(tmp_path / name)]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and re.search(message, error), error
