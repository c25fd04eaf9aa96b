"""BlipCaptioner: HuggingFace's BLIP image captioner (Li et al., 2022) inside a Keras layer, as the course does.

The layer resizes and normalises images with Keras ops (BLIP's CLIP mean and std), hands them to
the PyTorch BLIP model's `generate`, and returns token ids; `caption` decodes them to sentences.
Generation is inference only, so the layer moves values through NumPy and runs eagerly on any
Keras backend; it needs `torch` and `transformers` installed (the `captioning` extra).
`from_pretrained` downloads the real weights (Salesforce/blip-image-captioning-base by default);
tests build a tiny randomly initialised BLIP instead, so they need no download.
"""

import keras
import numpy as np
from keras import ops

# BLIP's image normalisation (OpenAI CLIP statistics), from its processor configuration.
BLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
BLIP_STD = (0.26862954, 0.26130258, 0.27577711)


@keras.saving.register_keras_serializable(package="keraslab")
class BlipCaptioner(keras.layers.Layer):
    """Images (batch, height, width, 3) with values 0..255 -> caption token ids (batch, length)."""

    def __init__(self, model_name="Salesforce/blip-image-captioning-base", image_size=384, max_new_tokens=30,
                 prompt=None, blip_model=None, tokenizer=None, **kwargs):
        kwargs.setdefault("trainable", False)  # a frozen, pretrained captioner
        super().__init__(**kwargs)
        self.model_name = model_name
        self.image_size = int(image_size)
        self.max_new_tokens = int(max_new_tokens)
        self.prompt = prompt
        self.blip_model = blip_model
        self.tokenizer = tokenizer

    @classmethod
    def from_pretrained(cls, model_name="Salesforce/blip-image-captioning-base", **kwargs):
        """The real captioner: downloads (once, into HuggingFace's cache) the weights and tokenizer."""
        from transformers import AutoTokenizer, BlipForConditionalGeneration

        model = BlipForConditionalGeneration.from_pretrained(model_name).eval()
        tokenizer = AutoTokenizer.from_pretrained(model_name)
        return cls(model_name=model_name, image_size=model.config.vision_config.image_size, blip_model=model,
                   tokenizer=tokenizer, **kwargs)

    def preprocess(self, images):
        images = ops.image.resize(ops.cast(images, "float32"), (self.image_size, self.image_size))
        return (images / 255.0 - np.array(BLIP_MEAN, "float32")) / np.array(BLIP_STD, "float32")

    def call(self, images):
        import torch

        if self.blip_model is None:
            self.blip_model = type(self).from_pretrained(self.model_name).blip_model
        pixels = np.transpose(ops.convert_to_numpy(self.preprocess(images)), (0, 3, 1, 2))  # BLIP wants NCHW
        inputs = {"pixel_values": torch.from_numpy(np.ascontiguousarray(pixels))}
        if self.prompt:
            ids = self.tokenizer([self.prompt] * len(pixels), return_tensors="pt", add_special_tokens=False)
            inputs["input_ids"] = ids["input_ids"]
        with torch.no_grad():
            tokens = self.blip_model.generate(**inputs, max_new_tokens=self.max_new_tokens)
        return ops.convert_to_tensor(tokens.cpu().numpy())

    def caption(self, images):
        """One sentence per image."""
        if self.tokenizer is None:
            from transformers import AutoTokenizer

            self.tokenizer = AutoTokenizer.from_pretrained(self.model_name)
        tokens = ops.convert_to_numpy(self(images))
        return [text.strip() for text in self.tokenizer.batch_decode(tokens, skip_special_tokens=True)]

    def get_config(self):
        # The weights belong to HuggingFace's cache, not the .keras file: a loaded layer fetches them by name.
        return {**super().get_config(), "model_name": self.model_name, "image_size": self.image_size,
                "max_new_tokens": self.max_new_tokens, "prompt": self.prompt}
