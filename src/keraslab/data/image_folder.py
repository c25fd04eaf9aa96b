"""Folders of class sub-folders of images -> uint8 arrays, decoded in parallel.

Accepted layouts (checked in this order):
    root/train (or training), root/validation (or valid, val), root/test  - splits as given
    root/train, root/test                                    - validation carved from train later
    root/<class>/...                                         - split once with the seed; recorded
"""

import hashlib
import os
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from keraslab.data.arrays import ImageSplits
from keraslab.data.splits import stratified_split
from keraslab.errors import DataError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
_VALIDATION_NAMES = ("validation", "valid", "val")
# Fruits-360 names its splits Training and Test.
_TRAIN_NAMES = ("train", "training")
# Folders of mixed sizes are resized to this side unless image_size says otherwise.
DEFAULT_SIDE = 128


def list_class_folder(root):
    """[(path, class_name)] of every image under root/<class>/, and the sorted class names.

    Links are followed only while they stay inside `root`, and no folder or image is taken twice:
    a link to a folder already included (a `dot -> .` loop, a second name for a class) or a second
    name for the same image is refused, since it would copy images into another class.
    """
    root = Path(root)
    real_root = os.path.realpath(root)
    classes = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not classes:
        raise DataError(f"Image folder '{root}' has no class sub-folders. Put images in "
                        f"{root}/<class name>/, one folder per class.")
    seen_folders, seen_images, files = {real_root: root}, {}, []
    for name in classes:
        for path in _walk_images(root / name, real_root, seen_folders):
            real = os.path.realpath(path)
            if real in seen_images:
                raise DataError(f"Image '{path}' is the same file as '{seen_images[real]}' (a link); an image "
                                "must be in one class once. Remove the link or the copy.")
            seen_images[real] = path
            files.append((path, name))
    if not files:
        raise DataError(f"Image folder '{root}' has class folders ({', '.join(classes[:5])}) but no images "
                        f"({', '.join(sorted(IMAGE_SUFFIXES))}). Add images to them.")
    counts = Counter(name for _, name in files)
    classes = [name for name in classes if counts[name]]
    if len(classes) < 2:
        raise DataError(f"Image folder '{root}' has images of one class only ({classes[0]}). "
                        "A classifier needs at least two class folders with images.")
    return files, classes


def _walk_images(folder, real_root, seen_folders):
    """Image files under `folder`, sorted, following links only inside `real_root`, each folder once."""
    real = os.path.realpath(folder)
    _check_link_target(folder, real, real_root)
    if real in seen_folders:
        raise DataError(f"Folder '{folder}' is a link to '{seen_folders[real]}', which is already included; "
                        "each folder must be read once. Remove the link.")
    seen_folders[real] = folder
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith("."):
            continue  # .DS_Store, .ipynb_checkpoints and other hidden files are not data
        if entry.is_dir():
            yield from _walk_images(entry, real_root, seen_folders)
        elif entry.suffix.lower() in IMAGE_SUFFIXES:
            if entry.is_symlink():
                if not entry.exists():
                    raise DataError(f"Image '{entry}' is a broken link. Remove it or point it at an image.")
                _check_link_target(entry, os.path.realpath(entry), real_root)
            if entry.is_file():
                yield entry


def _check_link_target(path, real, real_root):
    if real != real_root and not real.startswith(real_root + os.sep):
        raise DataError(f"'{path}' is a link to '{real}', outside the image folder '{real_root}'. Copy the "
                        "images into the folder instead; links are followed only inside it.")


def split_layout(root):
    """{'train': folder, 'test': folder[, 'validation': folder]} when the folder holds splits, else {'all': root}."""
    root = Path(root)
    subfolders = {p.name.lower(): p for p in root.iterdir() if p.is_dir()}
    validation = next((subfolders[n] for n in _VALIDATION_NAMES if n in subfolders), None)
    train = next((subfolders[n] for n in _TRAIN_NAMES if n in subfolders), None)
    if train is not None and "test" in subfolders:
        parts = {"train": train, "test": subfolders["test"]}
        if validation is not None:
            parts["validation"] = validation
        return parts
    return {"all": root}


def decode_images(files, side, color_mode, skip_bad=True):
    """Decode and resize to (side, side); return uint8 array and the indices that decoded.

    Files that cannot be decoded (truncated, not an image) are skipped with a warning that counts
    them, or refused with a DataError when `skip_bad` is false (`--set strict=true`).
    """
    cached = _read_decoded_cache(files, side, color_mode)
    if cached is not None and (skip_bad or len(cached[1]) == len(files)):
        return cached
    from PIL import Image

    mode = "L" if color_mode == "grayscale" else "RGB"

    def decode(path):
        try:
            with Image.open(path) as image:
                # JPEG can decode straight at 1/2, 1/4 or 1/8 scale: far less work for small targets.
                image.draft(mode, (side, side))
                image = image.convert(mode)
                if image.size != (side, side):
                    image = image.resize((side, side), Image.BILINEAR)
                return np.asarray(image, dtype="uint8")
        except (OSError, ValueError, SyntaxError) as error:
            if skip_bad:
                return None
            raise DataError(f"Image {path} could not be decoded ({error}). Remove it, or drop "
                            "--set strict=true to skip unreadable files.")

    # Decoding releases the GIL inside Pillow, so threads use every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        decoded = list(pool.map(decode, files))
    keep = [i for i, image in enumerate(decoded) if image is not None]
    if not keep:
        raise DataError(f"None of the {len(files)} images under {Path(files[0]).parent.parent} could be decoded; "
                        "check the files.")
    if len(keep) < len(files):
        bad = [str(files[i]) for i in range(len(files)) if decoded[i] is None]
        warnings.warn(f"Skipped {len(bad)} of {len(files)} files that could not be decoded (first: {bad[0]}). "
                      "Pass --set strict=true to stop on them instead.", stacklevel=2)
    images = np.stack([decoded[i] for i in keep])
    if images.ndim == 3:
        images = images[..., None]
    _write_decoded_cache(files, side, color_mode, images, keep)
    return images, keep


def _decoded_cache_path(files, side, color_mode):
    """Decoded images are cached by file list, sizes, modification times, side and colour mode."""
    from keraslab.data.paths import home

    digest = hashlib.sha256(f"{side}|{color_mode}".encode())
    for path in files:
        stat = os.stat(path)
        digest.update(f"|{os.path.abspath(path)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return home() / "decoded" / f"{digest.hexdigest()[:32]}.npz"


def _read_decoded_cache(files, side, color_mode):
    path = _decoded_cache_path(files, side, color_mode)
    if not path.exists():
        return None
    try:
        with np.load(path) as stored:
            return stored["images"], stored["keep"].tolist()
    except (OSError, ValueError, KeyError):
        return None  # a damaged cache entry is simply decoded again


def _write_decoded_cache(files, side, color_mode, images, keep):
    from keraslab.data.integrity import atomic_path

    path = _decoded_cache_path(files, side, color_mode)
    try:
        with atomic_path(path) as temporary:
            with open(temporary, "wb") as handle:
                np.savez(handle, images=images, keep=np.asarray(keep, dtype="int64"))
    except OSError:
        pass  # a read-only or full cache only costs decoding again next time


def _guess_color_mode(paths):
    from PIL import Image

    modes = Counter()
    for path in paths[:50]:
        try:
            with Image.open(path) as image:
                modes["grayscale" if image.mode in ("L", "1", "I;16") else "rgb"] += 1
        except OSError:
            continue
    return modes.most_common(1)[0][0] if modes else "rgb"


def _guess_side(paths):
    from PIL import Image

    sizes = set()
    for path in paths[:50]:
        try:
            with Image.open(path) as image:
                sizes.add(image.size)
        except OSError:
            continue
    if len(sizes) == 1:
        width, height = sizes.pop()
        if width == height:
            return width
    return DEFAULT_SIDE


def load_image_folder(root, image_size=0, color_mode="auto", seed=42, test_split=0.2, skip_bad=True):
    root = Path(root)
    if not root.is_dir():
        raise DataError(f"Image folder '{root}' not found. Check the path given to --set data=.")
    parts = split_layout(root)
    note = None if "all" in parts else "splits as given in the folder"
    listed = {name: list_class_folder(path) for name, path in parts.items()}
    class_names = listed["train" if "train" in listed else "all"][1]
    all_paths = [p for files, _ in listed.values() for p, _ in files]
    side = image_size or _guess_side(all_paths)
    mode = color_mode if color_mode != "auto" else _guess_color_mode(all_paths)
    arrays = {}
    for name, (files, classes) in listed.items():
        unknown = set(classes) - set(class_names)
        if unknown:
            raise DataError(f"Folder '{parts[name]}' has class '{sorted(unknown)[0]}' that train lacks; "
                            "every split needs the same class folders.")
        images, keep = decode_images([p for p, _ in files], side, mode, skip_bad)
        labels = np.array([class_names.index(files[i][1]) for i in keep], dtype="int64")
        arrays[name] = (images, labels)
    if "all" in arrays:
        images, labels = arrays["all"]
        train, test = stratified_split(labels, test_split, seed)
        note = f"one folder split once: test {test_split:g} with seed {seed}"
        arrays = {"train": (images[train], labels[train]), "test": (images[test], labels[test])}
    validation_arrays = arrays.get("validation", (None, None))
    return ImageSplits(*arrays["train"], *arrays["test"], class_names=class_names,
                       x_val=validation_arrays[0], y_val=validation_arrays[1], split_note=note)
