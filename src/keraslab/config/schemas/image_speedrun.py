from keraslab.config.precision import precision_fields
from keraslab.config.fields import data_fields
from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="image-speedrun",
    module="keraslab.tasks.image_speedrun",
    description="A small image classifier trained for speed: batch-normalised conv blocks, a warm-up then "
                "cosine learning rate, label smoothing, and test-time shifts (MNIST to 99% in seconds).",
    fields=data_fields("mnist") + [
        Field("conv_filters", list, [16, 32, 64], "Filters of each block's 3x3 convolution; in every block but "
              "the last a 2x2 max-pool follows it, before BatchNorm and ReLU.", item=int, min=1, min_items=1),
        Field("batch_norm_momentum", float, 0.9, "BatchNormalization's moving-average momentum: Keras' 0.99 "
              "lags far behind in a run of a few hundred steps.", min=0, max=1, max_exclusive=True),
        Field("epochs", int, 2, "Passes over the training data.", min=1, max=1000),
        Field("batch_size", int, 128, "Samples per gradient step.", min=1),
        Field("learning_rate", float, 4e-3, "Adam's peak step size, reached at the end of the warm-up.",
              min=0, min_exclusive=True),
        Field("warmup_fraction", float, 0.2, "Share of all steps over which the step size rises linearly from 0; "
              "a cosine takes it back to 0 over the rest.", min=0, max=1, max_exclusive=True),
        Field("label_smoothing", float, 0.1, "Weight moved from the true class onto all classes evenly.",
              min=0, max=1, max_exclusive=True),
        Field("tta_shift", int, 1, "Test-time augmentation: also predict on copies shifted this many pixels "
              "up, down, left and right, and average (0: off).", min=0, max=4),
        *precision_fields(),
    ],
    smoke={"epochs": 1, "max_samples": 256},
)
