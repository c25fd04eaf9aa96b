"""Image files in, the trained classifier's class out. Each image is decoded as training decoded its
images (grey or RGB, resized to the trained size); scaling and normalisation travel inside the model."""

import numpy as np

from keraslab.errors import DataError
from keraslab.predictors.base import Predictor, a_run, existing_file, predict_batches
from keraslab.predictors.tabular import label_rows


class ImageClassifierPredictor(Predictor):
    takes = "image files (PNG, JPEG, ...)"
    spec_kind = "images"

    def predict(self, inputs, top=1):
        """One dict per image: {"input": path, "prediction": class name, "probability": p}; with `top` > 1,
        also the `top` most likely classes."""
        images = np.stack([self.decode(path) for path in self.require_inputs(inputs)])
        outputs = predict_batches(self.model, images)
        return [{"input": str(path), **row} for path, row in zip(inputs, label_rows(outputs, self.spec["class_names"], top))]

    def decode(self, path):
        return decode_image(path, self.spec["image_shape"], self.takes, self.task)


def decode_image(path, image_shape, takes, task):
    """(height, width, channels) uint8, decoded as the training images were (grey or RGB, resized)."""
    from PIL import Image, UnidentifiedImageError

    height, width, channels = image_shape
    found = existing_file(path, takes, task)
    try:
        with Image.open(found) as image:
            image.draft("L" if channels == 1 else "RGB", (width, height))
            image = image.convert("L" if channels == 1 else "RGB")
            if image.size != (width, height):
                image = image.resize((width, height), Image.BILINEAR)
            pixels = np.asarray(image, dtype="uint8")
    except UnidentifiedImageError:
        raise DataError(f"predict on {a_run(task)} takes {takes}; '{path}' is not one.") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise DataError(f"Image '{path}' could not be decoded ({error}); give a whole PNG or JPEG.") from None
    return pixels[..., None] if pixels.ndim == 2 else pixels
