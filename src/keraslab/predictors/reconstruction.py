"""Image files in, how well the autoencoder rebuilds each one out: the mean squared error per pixel (in
0..1 units). Trained on some digits only (mnist-autoencoder-anomaly), a high error flags an image unlike
them: the anomaly score the run's ROC AUC measures."""

import numpy as np

from keraslab.predictors.base import Predictor, predict_batches
from keraslab.predictors.images import decode_image


class ReconstructionPredictor(Predictor):
    takes = "image files (PNG, JPEG, ...)"
    spec_kind = "reconstruction"

    def predict(self, inputs):
        """One dict per image: {"input": path, "reconstruction_error": mean squared error per pixel}."""
        paths = self.require_inputs(inputs)
        images = np.stack([decode_image(p, self.spec["image_shape"], self.takes, self.task) for p in paths])
        images = images.astype("float32") / 255.0  # the task's pixel scale
        rebuilt = predict_batches(self.model, images)
        errors = ((rebuilt - images) ** 2).reshape(len(images), -1).mean(axis=1)
        return [{"input": str(path), "reconstruction_error": float(error)} for path, error in zip(paths, errors)]
