"""Image grids and an animated GIF from arrays of grey images in [0, 1]: what a learner looks at."""

import numpy as np


def grid(images, columns=10):
    """(n, h, w, 1) or (n, h, w) in [0, 1] -> one uint8 (rows*h, columns*w) picture."""
    images = np.clip(np.asarray(images, dtype="float32"), 0, 1)
    images = images[..., 0] if images.ndim == 4 else images
    count, height, width = images.shape
    rows = -(-count // columns)
    canvas = np.zeros((rows * height, columns * width), dtype="uint8")
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        canvas[row * height:(row + 1) * height, column * width:(column + 1) * width] = (image * 255).round()
    return canvas


def save_grid(images, path, columns=10, scale=2):
    from PIL import Image

    from keraslab.plots.save import save_image

    picture = Image.fromarray(grid(images, columns))
    return save_image(picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST), path)


def save_gif(pictures, path, milliseconds=400, scale=2):
    """An animation of uint8 grids (as `grid` returns), e.g. one per epoch."""
    from PIL import Image

    from keraslab.plots.save import save_animation

    frames = [Image.fromarray(p).resize((p.shape[1] * scale, p.shape[0] * scale), Image.NEAREST) for p in pictures]
    return save_animation(frames, path, milliseconds)
