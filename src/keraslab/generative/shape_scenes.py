"""Captioned scenes made offline: two coloured shapes and a sentence saying where one is.

"a red circle left of a blue square", "a green triangle above a yellow circle": the words name
colours, shapes and the spatial relation, so a captioner must look at the picture to get them right.
Same seed, same scenes.
"""

import numpy as np

COLORS = {"red": (220, 40, 40), "green": (40, 180, 60), "blue": (50, 80, 230), "yellow": (230, 210, 40)}
SHAPES = ("circle", "square", "triangle")
RELATIONS = ("left of", "above")


def _draw(canvas, shape, color, top, left, side):
    rows, columns = np.mgrid[0:side, 0:side]
    if shape == "circle":
        centre = (side - 1) / 2
        mask = (rows - centre) ** 2 + (columns - centre) ** 2 <= (side / 2) ** 2
    elif shape == "square":
        mask = np.ones((side, side), dtype=bool)
    else:
        mask = np.abs(columns - (side - 1) / 2) <= rows / 2
    canvas[top:top + side, left:left + side][mask] = color


def make_scenes(count, seed=0, size=32):
    """(images uint8 (count, size, size, 3), captions list of str)."""
    rng = np.random.default_rng(seed)
    side = size // 3
    images = np.zeros((count, size, size, 3), dtype="uint8")
    captions = []
    for index in range(count):
        (color_a, color_b) = rng.choice(list(COLORS), 2, replace=False)
        shape_a, shape_b = rng.choice(SHAPES, 2)
        relation = RELATIONS[rng.integers(2)]
        # The first shape in the first half of the picture, the second in the other half.
        near, far = rng.integers(0, size // 2 - side + 1), rng.integers(size // 2, size - side + 1)
        across_a, across_b = rng.integers(0, size - side + 1, 2)
        if relation == "left of":
            positions = ((across_a, near), (across_b, far))
        else:
            positions = ((near, across_a), (far, across_b))
        _draw(images[index], shape_a, COLORS[color_a], *positions[0], side)
        _draw(images[index], shape_b, COLORS[color_b], *positions[1], side)
        captions.append(f"a {color_a} {shape_a} {relation} a {color_b} {shape_b}")
    return images, captions
