"""Image files in, one sentence each out: the captioner decodes greedily, word by word, from its
vocabulary (scenes of coloured shapes like the ones it trained on are what it can describe)."""

import numpy as np

from keraslab.predictors.base import Predictor
from keraslab.predictors.images import decode_image


class Captioner(Predictor):
    takes = "image files (PNG, JPEG, ...)"
    spec_kind = "captioning"

    def predict(self, inputs):
        """One dict per image: {"input": path, "caption": text}."""
        from keraslab.tasks.captioning import greedy_captions

        paths = self.require_inputs(inputs)
        images = np.stack([decode_image(p, self.spec["image_shape"], self.takes, self.task) for p in paths])
        captions = greedy_captions(self.model, images, list(self.spec["vocabulary"]), self.spec["caption_length"])
        return [{"input": str(path), "caption": caption} for path, caption in zip(paths, captions)]
