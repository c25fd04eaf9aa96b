"""In-memory splits as the tasks receive them."""

from dataclasses import dataclass

import numpy as np


@dataclass
class ImageSplits:
    """uint8 images (N, H, W, C) and integer labels; validation is optional (carved later if absent)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: list
    x_val: np.ndarray | None = None
    y_val: np.ndarray | None = None
    split_note: str = ""
