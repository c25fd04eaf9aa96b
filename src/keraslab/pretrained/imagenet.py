"""ImageNet's 1,000 classes by name, and turning a network's scores into the top k names.

imagenet_classes.txt: one class per line, in the order of ImageNet-1k's class indices (the
ILSVRC-2012 synsets sorted by WordNet id), as the short English names torchvision ships
(BSD-3-Clause; the two 'crane's and 'maillot's there are already told apart).
"""

from functools import lru_cache
from importlib import resources

import numpy as np


@lru_cache(maxsize=1)
def imagenet_class_names():
    text = resources.files("keraslab.pretrained").joinpath("imagenet_classes.txt").read_text(encoding="utf-8")
    names = tuple(text.splitlines())
    if len(names) != 1000:
        raise RuntimeError(f"imagenet_classes.txt holds {len(names)} names, not 1000; the installation is damaged.")
    return names


def softmax(logits):
    logits = np.asarray(logits, dtype="float64")
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def top_k(logits, k=5):
    """For each row of ImageNet logits: [(class name, probability), ...], most probable first."""
    names = imagenet_class_names()
    probabilities = softmax(logits)
    order = np.argsort(-probabilities, axis=-1)[..., :k]
    return [[(names[i], float(row[i])) for i in indices] for row, indices in zip(probabilities, order)]


def prepare_photo(image, side=224):
    """A PIL image or array -> uint8 RGB (side, side, 3): central square, bicubic resize, as ImageNet evaluates.

    Grayscale is repeated over three channels and an alpha channel dropped (PIL's convert('RGB')).
    """
    from PIL import Image

    if not isinstance(image, Image.Image):
        image = Image.fromarray(np.asarray(image))
    image = image.convert("RGB")
    width, height = image.size
    crop = min(width, height)
    left, top = (width - crop) // 2, (height - crop) // 2
    image = image.crop((left, top, left + crop, top + crop)).resize((side, side), Image.BICUBIC)
    return np.asarray(image, dtype="uint8")
