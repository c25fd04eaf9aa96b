"""A keras.applications backbone's own input preprocessing, as a layer that saves with the model.

Each backbone was trained on pixels scaled its own way (Xception and MobileNetV2 to [-1, 1], VGG16
and ResNet50 BGR minus the ImageNet mean, EfficientNet inside the network). Putting the backbone's
`preprocess_input` in a named layer (not a Lambda) keeps saved models loadable in safe mode and
lets them take raw 0..255 pixels.
"""

import importlib

import keras

# Backbone name -> the keras.applications module whose preprocess_input it uses.
PREPROCESSING_MODULES = {
    "xception": "xception",
    "vgg16": "vgg16",
    "mobilenet_v2": "mobilenet_v2",
    "efficientnet_b0": "efficientnet",
    "resnet50": "resnet",
}


@keras.saving.register_keras_serializable(package="keraslab")
class BackbonePreprocessing(keras.layers.Layer):
    def __init__(self, backbone, **kwargs):
        super().__init__(**kwargs)
        if backbone not in PREPROCESSING_MODULES:
            raise ValueError(f"BackbonePreprocessing: backbone must be one of "
                             f"{', '.join(PREPROCESSING_MODULES)}; got {backbone!r}.")
        self.backbone = backbone

    def call(self, inputs):
        module = importlib.import_module(f"keras.applications.{PREPROCESSING_MODULES[self.backbone]}")
        return module.preprocess_input(keras.ops.cast(inputs, self.compute_dtype))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "backbone": self.backbone}
