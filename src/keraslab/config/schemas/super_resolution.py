from keraslab.config.fields import training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["image_size"] % 2:
        raise ConfigError(f"Key 'image_size' in {where} must be even (the inputs are half of it); got "
                          f"{config['image_size']}. Set --set image_size={config['image_size'] + 1}.")

SCHEMA = Schema(
    task="super-resolution",
    module="keraslab.tasks.super_resolution",
    description="Learned 2x upscaling: Conv2DTranspose (or UpSampling + Conv) against bicubic interpolation, "
                "scored by PSNR on held-out images.",
    fields=[
        Field("data", str, "mnist", "An image dataset (mnist, clothing-small, ...) or a folder of class folders."),
        Field("image_size", int, 28, "Side of the high-resolution images (even); inputs are half of it.", min=4),
        Field("upsampling", str, "transpose", "transpose: Conv2DTranspose with stride 2 learns the upscaling; "
              "upsample: UpSampling2D then Conv2D.", choices=("transpose", "upsample")),
        Field("filters", int, 32, "Filters of each convolution.", min=1),
        Field("num_convs", int, 2, "Convolutions before and after the 2x step, each.", min=1),
        Field("residual", bool, True, "Predict the correction to bicubic (a global skip), not the whole image: "
              "the network learns only the missing detail."),
        Field("max_samples", int, 0, "Use at most this many training images (0: all); smoke runs set it.", min=0),
        Field("max_test_samples", int, 2000, "Held-out images for PSNR.", min=1),
    ] + training_fields(epochs=5, batch_size=64),
    smoke={"epochs": 1, "max_samples": 256, "max_test_samples": 128},
    check=_check,
)
