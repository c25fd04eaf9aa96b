"""An image classifier trained for speed (the GPU speedruns' tricks on a CPU): MNIST to 99% test accuracy
in well under 30 seconds from the command's start, on two cores.

    data -> speedrun CNN (models/speedrun_cnn.py) -> Adam, linear warm-up then cosine to 0, label smoothing
         -> test accuracy of one view, and of the average over the image and four 1-pixel shifts (TTA)

All training images are used (no validation split: the schedule, not early stopping, decides when to stop);
the test split is used once, at the end. The saved model is the single-view network.
"""

import numpy as np

from keraslab.data.load import load_image_data
from keraslab.tasks.splitting import limit


def run(config, context):
    import keras

    from keraslab.models.speedrun_cnn import build_speedrun_cnn

    data = load_image_data(config["data"], 0, "auto", config["seed"], config["test_split"])
    keep = limit(np.arange(len(data.y_train)), config["max_samples"], config["seed"])
    test_keep = limit(np.arange(len(data.y_test)), config["max_samples"], config["seed"])
    x_train, x_test = data.x_train[keep], data.x_test[test_keep]
    num_classes = len(data.class_names)
    # One-hot labels: label smoothing needs them.
    y_train = keras.utils.to_categorical(data.y_train[keep], num_classes)
    y_test = keras.utils.to_categorical(data.y_test[test_keep], num_classes)
    context.record(images={"train": len(x_train), "test": len(x_test)})

    model = build_speedrun_cnn(x_train.shape[1:], num_classes, config["conv_filters"], config["batch_norm_momentum"])
    model.compile(optimizer=keras.optimizers.Adam(warmup_cosine(config, len(x_train))),
                  loss=keras.losses.CategoricalCrossentropy(label_smoothing=config["label_smoothing"]),
                  metrics=["accuracy"])
    model = context.fit(model, x_train, y_train, None, monitor="loss")
    context.save_model(model)
    context.save_spec("images", class_names=data.class_names, image_shape=list(x_train.shape[1:]))

    results = context.evaluate(model, x_test, y_test)
    if config["tta_shift"]:
        probabilities = predict_shifted(model, x_test, config["tta_shift"])
        results["test_accuracy_tta"] = float(np.mean(probabilities.argmax(axis=1) == y_test.argmax(axis=1)))
    context.say(f"Test accuracy {results['test_accuracy']:.4f}"
                + (f", {results['test_accuracy_tta']:.4f} with test-time shifts" if config["tta_shift"] else "")
                + f" on {len(x_test)} held-out images.")
    return results


def warmup_cosine(config, num_samples):
    """Linear warm-up from 0 to learning_rate over warmup_fraction of all steps, then a cosine back to 0."""
    import keras

    steps = config["epochs"] * -(-num_samples // config["batch_size"])
    warmup = int(config["warmup_fraction"] * steps)
    return keras.optimizers.schedules.CosineDecay(0.0 if warmup else config["learning_rate"], max(steps - warmup, 1),
                                                  warmup_target=config["learning_rate"] if warmup else None,
                                                  warmup_steps=warmup)


def shifted(images, shift):
    """The images moved `shift` pixels down, up, right and left (edges filled with 0, the background)."""
    views = []
    for axis in (1, 2):
        for step in (shift, -shift):
            view = np.roll(images, step, axis=axis)
            index = [slice(None)] * images.ndim
            index[axis] = slice(0, step) if step > 0 else slice(step, None)
            view[tuple(index)] = 0
            views.append(view)
    return views


def predict_shifted(model, images, shift, batch_size=1000):
    """Class probabilities averaged over the image itself and its four shifted copies."""
    total = model.predict(images, batch_size=batch_size, verbose=0)
    for view in shifted(images, shift):
        total = total + model.predict(view, batch_size=batch_size, verbose=0)
    return total / 5


def load(run_dir):
    """The predictor of a finished run: image files in, classes out (one view)."""
    from keraslab.predictors.images import ImageClassifierPredictor

    return ImageClassifierPredictor(run_dir)
