"""Data augmentation as Keras preprocessing layers, from a config list such as ["flip", "rotation=0.1"].

The layers sit inside the model, after the uint8 input: they run per batch on the training
device, are the identity at inference (Keras skips them when training is false), and one seed
fixes every random draw. Values are on the 0..255 pixel scale the model receives.
"""

import keras
from keras import layers

from keraslab.layers.random_shear import RandomShear

# name -> (default strength, builder(strength, seed)). Strengths follow ImageDataGenerator's meaning
# where one exists (docs/augmentation.md maps every argument).
AUGMENTATIONS = {
    "flip": (1.0, lambda s, seed: layers.RandomFlip("horizontal", seed=seed)),
    "vertical_flip": (1.0, lambda s, seed: layers.RandomFlip("vertical", seed=seed)),
    "rotation": (0.05, lambda s, seed: layers.RandomRotation(s, fill_mode="reflect", seed=seed)),
    "translation": (0.1, lambda s, seed: layers.RandomTranslation(s, s, fill_mode="reflect", seed=seed)),
    "zoom": (0.1, lambda s, seed: layers.RandomZoom(s, s, fill_mode="reflect", seed=seed)),
    "shear": (0.2, lambda s, seed: RandomShear(s, seed=seed)),
    "contrast": (0.2, lambda s, seed: layers.RandomContrast(s, value_range=(0, 255), seed=seed)),
    "brightness": (0.2, lambda s, seed: layers.RandomBrightness(s, value_range=(0, 255), seed=seed)),
    # stddev as a fraction of the pixel range (Keras' GaussianNoise takes at most 1, so scale around it).
    "noise": (0.03, lambda s, seed: keras.Sequential([layers.Rescaling(1 / 255), layers.GaussianNoise(s, seed=seed),
                                                      layers.Rescaling(255.0)], name="noise")),
    # RandomErasing: one patch of up to `s` of each side filled with noise (cutout).
    "cutout": (0.3, lambda s, seed: layers.RandomErasing(factor=1.0, scale=(0.02, s), value_range=(0, 255),
                                                           seed=seed)),
}


def parse_augmentation(entries):
    """[(name, strength)] from ["flip", "rotation=0.1"]; raises ValueError naming a bad entry."""
    parsed = []
    for entry in entries:
        if str(entry).strip() == "none":  # lets a sweep compare with and without: augmentation="none|flip"
            continue
        name, _, value = str(entry).partition("=")
        name = name.strip()
        if name not in AUGMENTATIONS:
            raise ValueError(name)
        strength = float(value) if value.strip() else AUGMENTATIONS[name][0]
        parsed.append((name, strength))
    return parsed


def build_augmentation(entries, seed=None, name="augmentation"):
    """A Sequential of the listed augmentations (each seeded from `seed`), or None for an empty list."""
    parsed = parse_augmentation(entries)
    if not parsed:
        return None
    stack = [AUGMENTATIONS[kind][1](strength, None if seed is None else seed + index)
             for index, (kind, strength) in enumerate(parsed)]
    return keras.Sequential(stack, name=name)
