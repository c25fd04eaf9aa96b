from keraslab.config.fields import data_fields, training_fields
from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="image-classifier",
    module="keraslab.tasks.image_classifier",
    description="Images in class folders (or MNIST, digits) -> a dense net or a CNN.",
    fields=data_fields("digits") + [
        Field("model", str, "cnn", "dense: flatten then Dense layers; cnn: Conv2D/MaxPool blocks then Dense.",
              choices=("dense", "cnn")),
        Field("conv_filters", list, [32, 64], "Filters of each Conv2D block (cnn)."),
        Field("kernel_size", int, 3, "Side of the square convolution kernels (cnn).", min=1),
        Field("hidden_units", list, [128], "Units of each hidden Dense layer after the convolutions (or the flatten)."),
        Field("dropout_rate", float, 0.0, "Dropout before the output layer.", min=0, max=1, max_exclusive=True),
        Field("batch_norm", bool, False, "BatchNormalization after each convolution."),
        Field("image_size", int, 0, "Resize images to this square side; 0 keeps the dataset's size "
              "(folders of mixed sizes default to 128).", min=0),
        Field("color_mode", str, "auto", "rgb or grayscale; auto: what most images are.",
              choices=("auto", "rgb", "grayscale")),
        Field("skip_bad_images", bool, False, "Skip images that cannot be decoded instead of stopping."),
    ] + training_fields(epochs=10, batch_size=64),
    smoke={"epochs": 1, "max_samples": 256},
)
