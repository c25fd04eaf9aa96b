"""Small generated image folders for the vision tests: learnable, fast, and with every kind of bad file."""

from pathlib import Path

import numpy as np


def make_class_folder(root, num_classes=3, per_class=12, side=24, seed=0, splits=None, mode="RGB"):
    """root/<class>/img_i.png (or root/<split>/<class>/...) where each class is a bright blob in its own place."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    root = Path(root)
    for split in splits or [None]:
        base = root / split if split else root
        for label in range(num_classes):
            folder = base / f"class_{label}"
            folder.mkdir(parents=True, exist_ok=True)
            for index in range(per_class):
                image = rng.integers(0, 60, (side, side, 3)).astype("uint8")
                # The class is where a bright square sits: learnable by any CNN in a few steps.
                offset = int(label * (side - 8) / max(num_classes - 1, 1))
                image[offset:offset + 8, offset:offset + 8] = 230
                Image.fromarray(image).convert(mode).save(folder / f"img_{index}.png")
    return root
