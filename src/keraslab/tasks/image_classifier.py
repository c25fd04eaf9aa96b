"""Image classification: images in class folders (or MNIST, digits) -> a dense net or a CNN."""

import json

import numpy as np

from keraslab.data.load import load_image_data
from keraslab.tasks.splitting import limit, split_indices


def load_splits(config):
    """(train, validation, test) as (x, y) pairs plus class names; validation carved from train if absent."""
    data = load_image_data(config["data"], config["image_size"], config["color_mode"], config["seed"],
                           config["test_split"], config["skip_bad_images"])
    x_train, y_train = data.x_train, data.y_train
    if data.x_val is not None:
        validation = (data.x_val, data.y_val)
    elif config["validation_split"]:
        keep, _, held = split_indices(len(y_train), config["validation_split"], 0, config["seed"] + 7, y_train)
        validation = (x_train[held], y_train[held])
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


def run(config, context):
    from keraslab.models.cnn import build_image_classifier
    from keraslab.models.optimizers import make_optimizer
    from keraslab.plots.learning_curves import plot_learning_curves
    from keraslab.tasks.classification_report import predicted_classes, write_classification_report

    (x_train, y_train), validation, (x_test, y_test), class_names, split_note = load_splits(config)
    context.record(split=split_note, images={"train": len(y_train), "test": len(y_test),
                                             "validation": 0 if validation is None else len(validation[1])})
    model = build_image_classifier(x_train.shape[1:], len(class_names), config["model"], config["conv_filters"],
                                   config["kernel_size"], config["hidden_units"], config["dropout_rate"],
                                   config["batch_norm"])
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model = context.fit(model, x_train, y_train, validation)
    context.save_model(model)
    (context.run_dir.path / "preprocessing.json").write_text(json.dumps(
        {"kind": "images", "class_names": class_names, "image_shape": list(x_train.shape[1:])}, indent=2))

    results = context.evaluate(model, x_test, y_test)
    plot_learning_curves(context.history, context.run_dir.plots / "learning_curves.png", title=model.name)
    write_classification_report(context.run_dir, y_test, predicted_classes(model, x_test), class_names)
    context.say(f"Test accuracy {results['test_accuracy']:.4f} on {len(y_test)} held-out images.")
    return results
