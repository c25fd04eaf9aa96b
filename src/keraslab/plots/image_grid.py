"""A grid of images with a caption each: augmented samples, misclassified test images.

The grid is one picture: the images tiled into a mosaic drawn by a single `imshow`, each caption a text
above its tile, in a layout fixed from the image size. One axes per image with `tight_layout` cost 0.6 s of
CPU for the 24 misclassified digits every classifier run draws (more than the rest of its plots together);
the mosaic costs a fraction of that (measured in the issue 18 notes).
"""

import numpy as np

from keraslab.plots import pyplot
from keraslab.plots.save import save_figure

_GAP = 0.1  # white space between tiles, as a share of a tile's width
_CAPTION_LINES_HEIGHT = 0.17  # a caption line's height, as a share of a tile's height (fontsize 7, 2 in wide)


def plot_image_grid(images, captions, path, columns=6, title=None, caption_colors=None):
    """Save uint8 (or 0..255 float) images (N, H, W, C) in a grid with one caption each."""
    plt = pyplot()
    tiles = [np.clip(np.asarray(image, dtype="float32"), 0, 255).astype("uint8") for image in images]
    count = max(len(tiles), 1)
    columns = min(columns, count)
    rows = int(np.ceil(count / columns))
    height = max((t.shape[0] for t in tiles), default=28)
    width = max((t.shape[1] for t in tiles), default=28)
    lines = max((str(c).count("\n") + 1 for c in captions), default=1)
    band = int(np.ceil(height * _CAPTION_LINES_HEIGHT * lines))  # caption space above each tile
    cell_h, cell_w = band + height + int(height * _GAP), width + int(width * _GAP)
    color = any(t.shape[-1] == 3 for t in tiles)
    mosaic = np.full((rows * cell_h, columns * cell_w, 3 if color else 1), 255, dtype="uint8")
    for index, tile in enumerate(tiles):
        if color and tile.shape[-1] == 1:
            tile = np.repeat(tile, 3, axis=-1)
        top = (index // columns) * cell_h + band
        left = (index % columns) * cell_w + (cell_w - tile.shape[1]) // 2
        mosaic[top:top + tile.shape[0], left:left + tile.shape[1]] = tile

    title_inches = 0.35 if title else 0.0
    figure_width = 2.0 * columns
    figure_height = figure_width * mosaic.shape[0] / mosaic.shape[1] + title_inches
    figure = plt.figure(figsize=(figure_width, figure_height))
    axis = figure.add_axes((0, 0, 1, 1 - title_inches / figure_height))
    axis.axis("off")
    axis.imshow(mosaic if color else mosaic[..., 0], cmap=None if color else "gray", vmin=0, vmax=255,
                interpolation="nearest")
    for index, caption in enumerate(captions[:len(tiles)]):
        axis.text((index % columns) * cell_w + cell_w / 2, (index // columns) * cell_h + band - 1, caption,
                  ha="center", va="bottom", fontsize=7,
                  color=caption_colors[index] if caption_colors is not None else "black")
    if not tiles:
        axis.text(mosaic.shape[1] / 2, mosaic.shape[0] / 2, "none", ha="center", va="center")
    if title:
        figure.suptitle(title, fontsize=9, y=1 - 0.1 / figure_height, va="top")
    save_figure(figure, path)
    return path
