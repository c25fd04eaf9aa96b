"""The one place pictures reach the disk: figures, images and animations, each written atomically
(a temporary file renamed into place), so a killed run never leaves half a PNG that looks finished."""

from pathlib import Path

from keraslab.data.integrity import atomic_path


def save_figure(figure, path, **options):
    """A matplotlib figure as PNG (100 dpi unless told), then closed."""
    import matplotlib.pyplot as plt

    path = Path(path)
    with atomic_path(path) as temporary:
        figure.savefig(temporary, format=path.suffix.lstrip(".") or "png", **{"dpi": 100, **options})
    plt.close(figure)
    return path


def save_image(image, path):
    """A PIL image (format from the suffix of `path`)."""
    path = Path(path)
    with atomic_path(path) as temporary:
        image.save(temporary, format=_pil_format(path))
    return path


def save_animation(frames, path, milliseconds):
    """PIL frames as an endlessly looping GIF, `milliseconds` per frame."""
    path = Path(path)
    with atomic_path(path) as temporary:
        frames[0].save(temporary, format="GIF", save_all=True, append_images=frames[1:], duration=milliseconds,
                       loop=0)
    return path


def _pil_format(path):
    suffix = path.suffix.lower().lstrip(".")
    return {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF"}.get(suffix, "PNG")
