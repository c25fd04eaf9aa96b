"""2x super-resolution: half-size image in, full-size image out.

    low-res -> Conv x num_convs -> 2x step -> Conv x num_convs -> 1x1 Conv to channels (+ bicubic(low-res))

The 2x step is the lab's comparison: Conv2DTranspose(stride 2) learns its own upscaling kernel;
UpSampling2D repeats pixels and the Conv after it smooths them. With `residual` the network adds a
correction to bicubic interpolation, so it starts at bicubic quality and can only learn detail.
Pixels are 0..1 floats in and out.
"""

import keras
from keras import layers


def build_super_resolution(low_shape, upsampling="transpose", filters=32, num_convs=2, residual=True):
    inputs = keras.Input(shape=low_shape, name="low_resolution")
    x = inputs
    for index in range(num_convs):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"encode_{index + 1}")(x)
    if upsampling == "transpose":
        x = layers.Conv2DTranspose(filters, 4, strides=2, padding="same", activation="relu", name="transpose_2x")(x)
    else:
        x = layers.UpSampling2D(2, name="upsample_2x")(x)
        x = layers.Conv2D(filters, 3, padding="same", activation="relu", name="smooth_2x")(x)
    for index in range(num_convs - 1):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"decode_{index + 1}")(x)
    x = layers.Conv2D(low_shape[-1], 1, padding="same", name="to_pixels")(x)
    if residual:
        bicubic = layers.Resizing(low_shape[0] * 2, low_shape[1] * 2, interpolation="bicubic", name="bicubic")(inputs)
        x = layers.Add(name="bicubic_plus_detail")([bicubic, x])
    return keras.Model(inputs, x, name=f"super_resolution_{upsampling}")
