"""keraslab caption IMAGES...: one sentence per image from HuggingFace BLIP (downloads the weights once)."""

from keraslab.commands import bounded_int


def register(subparsers):
    parser = subparsers.add_parser("caption", help="caption images with BLIP (needs torch and transformers)")
    parser.add_argument("images", nargs="+", metavar="IMAGE")
    parser.add_argument("--model", default="Salesforce/blip-image-captioning-base", help="a BLIP model on HuggingFace")
    parser.add_argument("--max-new-tokens", type=bounded_int(1, 1000), default=30)
    parser.set_defaults(handler=handle)


def handle(args):
    from pathlib import Path

    import numpy as np

    from keraslab.errors import ConfigError, DataError

    missing = [p for p in args.images if not Path(p).is_file()]
    if missing:
        raise DataError(f"Image file '{missing[0]}' not found; give paths to existing images.")
    from PIL import Image, UnidentifiedImageError

    # Every image decoded before the model loads (seconds, and a download the first time).
    decoded = {}
    for path in args.images:
        try:
            with Image.open(path) as image:
                decoded[path] = image.convert("RGB")
        except (UnidentifiedImageError, OSError, ValueError) as error:
            raise DataError(f"Image {path} could not be decoded ({error}). Give a PNG or JPEG.") from None
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as error:
        raise ConfigError(f"caption needs torch and transformers ({error.name} is missing): "
                          "pip install 'keraslab[captioning]'.")
    from keraslab.layers.blip_captioner import BlipCaptioner

    captioner = BlipCaptioner.from_pretrained(args.model, max_new_tokens=args.max_new_tokens)
    for path, image in decoded.items():
        image = image.resize((captioner.image_size, captioner.image_size))
        print(f"{path}: {captioner.caption(np.asarray(image)[None])[0]}")
