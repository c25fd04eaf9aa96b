"""Image classification: images in class folders (or MNIST, digits) -> a dense net, a CNN, or transfer learning.

With `backbone: none` the classic path: a dense net or a small CNN trained from scratch.
With a backbone (ImageNet EfficientNet-Lite0, keraslab's small_cnn or a keras.applications network):
    phase 1: the pretrained backbone frozen (called with training=False); only the new head learns,
             on features computed once when nothing random happens before the backbone;
    phase 2: the top `fine_tune_layers` layers unfrozen, trained at `fine_tune_learning_rate`.
A backbone without pretrained weights (weights: none) trains whole, in one phase, from scratch.
`backbone: auto` (the default) is efficientnet_lite0 for a folder of the user's own photos and none
for a named dataset (MNIST's 28 px digits are below what an ImageNet network takes).
Every run leaves a confusion matrix, per-class precision and recall, and the misclassified test images.
"""


import numpy as np

from keraslab.data.load import load_image_data
from keraslab.tasks.splitting import carve_validation, limit


def resolve_backbone(config):
    """The config with `backbone: auto` decided, and efficientnet_lite0's 224 px when no image_size is set."""
    from keraslab.data.load import resolve_data

    config = dict(config)
    if config["backbone"] == "auto":
        config["backbone"] = "efficientnet_lite0" if resolve_data(config["data"], "images")[0] == "path" else "none"
    if config["backbone"] == "efficientnet_lite0" and not config["image_size"]:
        config["image_size"] = 224
    return config


def load_splits(config):
    """(train, validation, test) as (x, y) pairs plus class names; validation carved from train if absent."""
    config = resolve_backbone(config)
    color_mode = config["color_mode"]
    if config["backbone"] not in ("none", "small_cnn") and color_mode == "auto":
        color_mode = "rgb"  # keras.applications backbones take three channels
    data = load_image_data(config["data"], config["image_size"], color_mode, config["seed"],
                           config["test_split"], not config["strict"])
    x_train, y_train = data.x_train, data.y_train
    if data.x_val is not None:
        validation = (data.x_val, data.y_val)
    elif config["validation_split"]:
        keep, held = carve_validation(y_train, config["validation_split"], config["seed"])
        # Too few images to hold any out: train on all of them, select the final weights.
        validation = (x_train[held], y_train[held]) if len(held) else None
        x_train, y_train = x_train[keep], y_train[keep]
    else:
        validation = None
    keep = limit(np.arange(len(y_train)), config["max_samples"], config["seed"])
    test_keep = limit(np.arange(len(data.y_test)), config["max_samples"], config["seed"])
    if validation is not None:
        val_keep = limit(np.arange(len(validation[1])), config["max_samples"], config["seed"])
        validation = (validation[0][val_keep], validation[1][val_keep])
    return ((x_train[keep], y_train[keep]), validation, (data.x_test[test_keep], data.y_test[test_keep]),
            data.class_names, data.split_note)


def load_test_split(config):
    """(x_test, y_test) exactly as the run saw them (export and quantisation check models on it)."""
    return load_splits(config)[2]


def run(config, context):
    from keraslab.plots.learning_curves import plot_learning_curves
    from keraslab.tasks.classification_report import write_classification_report

    config = resolve_backbone(config)
    (x_train, y_train), validation, (x_test, y_test), class_names, split_note = load_splits(config)
    context.record(split=split_note, images={"train": len(y_train), "test": len(y_test),
                                             "validation": 0 if validation is None else len(validation[1])})
    if config["backbone"] == "none":
        model = _train_classic(config, context, x_train, y_train, validation, len(class_names))
    else:
        from keraslab.tasks.transfer import train_transfer

        model = train_transfer(config, context, x_train, y_train, validation, len(class_names))
    context.save_model(model)
    if config["augmentation"]:
        plot_augmented_samples(config, x_train, context.plot_path("augmented_samples.png"))
    context.save_spec("images", class_names=class_names, image_shape=list(x_train.shape[1:]))

    results, predictions = context.evaluate_and_predict(model, x_test, y_test)
    plot_learning_curves(context.history, context.plot_path("learning_curves.png"), title=model.name)
    report = write_classification_report(context, y_test, np.argmax(predictions, axis=-1), class_names,
                                         x=x_test)
    results["test_macro_recall"] = report["macro_recall"]
    context.say(f"Test accuracy {results['test_accuracy']:.4f} on {len(y_test)} held-out images; "
                f"{report['misclassified']} misclassified (plots/misclassified.png).")
    return results


def _train_classic(config, context, x_train, y_train, validation, num_classes):
    import keras

    from keraslab.models.cnn import build_image_classifier
    from keraslab.models.optimizers import make_optimizer

    model = build_image_classifier(x_train.shape[1:], num_classes, config["model"], config["conv_filters"],
                                   config["kernel_size"], config["hidden_units"], config["dropout_rate"],
                                   config["batch_norm"], rescale=config["normalization"] == "none")
    front = _front_layers(config, x_train)
    if front:
        inputs = keras.Input(shape=x_train.shape[1:], name="image")
        x = inputs
        for layer in front:
            x = layer(x)
        model = keras.Model(inputs, model(x), name=model.name)
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return context.fit(model, x_train, y_train, validation, reduce_lr_patience=config["reduce_lr_patience"])


def _front_layers(config, x_train):
    """Augmentation then normalisation, in front of the network (both travel inside the saved model)."""
    from keras import layers

    from keraslab.models.augmentation import build_augmentation

    front = []
    augmentation = build_augmentation(config["augmentation"], seed=config["seed"])
    if augmentation is not None:
        front.append(augmentation)
    if config["normalization"] == "featurewise":
        # Per-channel mean and std from the training images only (never validation or test).
        norm = layers.Normalization(axis=-1, name="featurewise_normalization")
        norm.adapt(x_train.astype("float32"))
        front.append(norm)
    elif config["normalization"] == "samplewise":
        from keraslab.layers.samplewise_normalization import SamplewiseNormalization

        front.append(SamplewiseNormalization(name="samplewise_normalization"))
    return front


def plot_augmented_samples(config, x_train, path, num_images=6, num_draws=5):
    """A grid: each row one training image, then `num_draws` augmented versions (seeded)."""
    from keras import ops

    from keraslab.models.augmentation import build_augmentation
    from keraslab.plots.image_grid import plot_image_grid

    augmentation = build_augmentation(config["augmentation"], seed=config["seed"])
    if augmentation is None:
        return None
    originals = x_train[:num_images].astype("float32")
    draws = [ops.convert_to_numpy(augmentation(originals, training=True)) for _ in range(num_draws)]
    images, captions = [], []
    for index in range(len(originals)):
        images += [originals[index]] + [draw[index] for draw in draws]
        captions += ["original"] + [f"draw {d + 1}" for d in range(num_draws)]
    return plot_image_grid(images, captions, path, columns=num_draws + 1,
                           title="augmentation: " + ", ".join(map(str, config["augmentation"])))


def load(run_dir):
    """The predictor of a finished run: image files in, classes out (transfer runs too)."""
    from keraslab.predictors.images import ImageClassifierPredictor

    return ImageClassifierPredictor(run_dir)
