"""EfficientNet-Lite0 in Keras 3: the TensorFlow Lite-friendly EfficientNet (Tan and Le, 2019).

Lite differs from EfficientNet-B0: no squeeze-and-excitation, ReLU6 instead of swish, and the
stem and head kept at 32 and 1280 channels. 4.65 M parameters; 224 px ImageNet input.

    pixels 0..255 -> (x - 127) / 128 -> stem conv 3x3/2 -> 16 MBConv blocks -> head conv 1x1 (1280)
    MBConv: [expand 1x1] -> depthwise kxk/s -> project 1x1 (+ input when shapes match)

Every convolution pads like TensorFlow's "same" (more padding at the bottom and right when the
total is odd); Keras's padding="same" does that on all three backends. Layer names follow the
PyTorch state dict's modules so that the conversion is a table (pretrained/efficientnet_lite0.py).
"""

import keras
from keras import layers

# (repeats, kernel size, first stride, expand ratio, output channels) per stage, from the
# official efficientnet_lite_builder: 'r1_k3_s11_e1_i32_o16', ..., 'r1_k3_s11_e6_i192_o320'.
STAGES = (
    (1, 3, 1, 1, 16),
    (2, 3, 2, 6, 24),
    (2, 5, 2, 6, 40),
    (3, 3, 2, 6, 80),
    (3, 5, 1, 6, 112),
    (4, 5, 2, 6, 192),
    (1, 3, 1, 6, 320),
)
STEM_CHANNELS, HEAD_CHANNELS = 32, 1280
# TensorFlow's batch-norm settings for these weights (momentum in Keras's sense).
BATCH_NORM = {"epsilon": 1e-3, "momentum": 0.99}
# The Lite models were trained on (pixel - 127) / 128; the classification tests pick this over
# ImageNet mean/std and [0, 1] (tests/vision/test_efficientnet_lite.py).
INPUT_MEAN, INPUT_STD = 127.0, 128.0
MINIMUM_SIDE = 32


def _conv_bn(x, filters, kernel_size, strides, name, activation=True, depthwise=False):
    if depthwise:
        x = layers.DepthwiseConv2D(kernel_size, strides, padding="same", use_bias=False, name=f"{name}_conv")(x)
    else:
        x = layers.Conv2D(filters, kernel_size, strides, padding="same", use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(**BATCH_NORM, name=f"{name}_bn")(x)
    return layers.ReLU(max_value=6.0, name=f"{name}_relu6")(x) if activation else x


def _mbconv(inputs, index, kernel_size, strides, expand_ratio, filters):
    prefix = f"block{index}"
    channels = inputs.shape[-1]
    x = inputs
    if expand_ratio != 1:
        x = _conv_bn(x, channels * expand_ratio, 1, 1, f"{prefix}_expand")
    x = _conv_bn(x, None, kernel_size, strides, f"{prefix}_depthwise", depthwise=True)
    x = _conv_bn(x, filters, 1, 1, f"{prefix}_project", activation=False)
    if strides == 1 and channels == filters:
        x = layers.Add(name=f"{prefix}_add")([x, inputs])
    return x


def build_efficientnet_lite0(input_shape=(224, 224, 3), include_top=True, num_classes=1000, dropout_rate=0.2,
                             name="efficientnet_lite0"):
    """The network on raw 0..255 RGB pixels. include_top: pooled logits (no softmax); else the 1280-channel map."""
    inputs = keras.Input(shape=input_shape, name="pixels")
    x = layers.Rescaling(1.0 / INPUT_STD, offset=-INPUT_MEAN / INPUT_STD, name="rescale")(inputs)
    x = _conv_bn(x, STEM_CHANNELS, 3, 2, "stem")
    index = 0
    for repeats, kernel_size, stride, expand_ratio, filters in STAGES:
        for repeat in range(repeats):
            x = _mbconv(x, index, kernel_size, stride if repeat == 0 else 1, expand_ratio, filters)
            index += 1
    x = _conv_bn(x, HEAD_CHANNELS, 1, 1, "head")
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dropout(dropout_rate, name="top_dropout")(x)
        x = layers.Dense(num_classes, name="logits")(x)
    return keras.Model(inputs, x, name=name)
