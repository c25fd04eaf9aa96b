"""A grid of images with a caption each: augmented samples, misclassified test images."""

import numpy as np

from keraslab.plots import pyplot
from keraslab.plots.save import save_figure


def plot_image_grid(images, captions, path, columns=6, title=None, caption_colors=None):
    """Save uint8 (or 0..255 float) images (N, H, W, C) in a grid with one caption each."""
    plt = pyplot()
    count = max(len(images), 1)
    columns = min(columns, count)
    rows = int(np.ceil(count / columns))
    figure, axes = plt.subplots(rows, columns, figsize=(2.0 * columns, 2.2 * rows), squeeze=False)
    for index, axis in enumerate(axes.flat):
        axis.axis("off")
        if index >= len(images):
            continue
        image = np.clip(np.asarray(images[index], dtype="float32"), 0, 255).astype("uint8")
        axis.imshow(image[..., 0] if image.shape[-1] == 1 else image, cmap="gray" if image.shape[-1] == 1 else None)
        axis.set_title(captions[index], fontsize=7,
                       color=caption_colors[index] if caption_colors is not None else "black")
    if not len(images):
        axes.flat[0].text(0.5, 0.5, "none", ha="center", va="center")
    if title:
        figure.suptitle(title, fontsize=9)
    figure.tight_layout()
    save_figure(figure, path)
    return path
