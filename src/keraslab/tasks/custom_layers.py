"""Custom layers and a subclassed model: build, train on real images, save, load back, compare.

Two models with the same CustomDense layers: one functional, one a subclassed keras.Model. Each is
trained, saved as .keras and loaded with keras.saving.load_model; the loaded model must predict
what the trained one predicts (`reload_max_abs_difference`, expected ~0).
"""

import numpy as np


def run(config, context):
    import keras

    from keraslab.layers.custom_dense import CustomDense
    from keraslab.models.custom_mlp import CustomMLP
    from keraslab.models.optimizers import make_optimizer
    from keraslab.tasks.image_classifier import load_splits

    settings = {**config, "backbone": "none", "color_mode": "auto", "image_size": 0, "strict": False}
    (x_train, y_train), validation, (x_test, y_test), class_names, _ = load_splits(settings)
    num_classes = len(class_names)

    inputs = keras.Input(shape=x_train.shape[1:], name="image")
    x = keras.layers.Rescaling(1 / 255)(keras.layers.Flatten()(inputs))
    for index, units in enumerate(config["hidden_units"]):
        x = CustomDense(int(units), activation="relu", name=f"custom_dense_{index + 1}")(x)
    if config["dropout_rate"]:
        x = keras.layers.Dropout(config["dropout_rate"])(x)
    functional = keras.Model(inputs, CustomDense(num_classes, activation="softmax", name="class_probabilities")(x),
                             name="functional_custom_dense")
    subclassed = CustomMLP(config["hidden_units"], num_classes, config["dropout_rate"], name="custom_mlp")

    results = {}
    for prefix, model in (("functional", functional), ("subclassed", subclassed)):
        model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        with context.phase(prefix):
            model = context.fit(model, x_train, y_train, validation)
        loaded = keras.saving.load_model(context.save_model(model, f"{prefix}.keras"))
        difference = float(np.max(np.abs(loaded.predict(x_test, verbose=0) - model.predict(x_test, verbose=0))))
        scores = context.evaluate(loaded, x_test, y_test)
        results[f"test_{prefix}_accuracy"] = scores["test_accuracy"]
        results[f"{prefix}_reload_max_abs_difference"] = difference
        context.say(f"{prefix}: test accuracy {scores['test_accuracy']:.4f} after save and load "
                    f"(largest change in a prediction: {difference:.2e}).")
    context.save_model(subclassed)
    context.save_spec("images", class_names=class_names, image_shape=list(x_train.shape[1:]))
    results["test_accuracy"] = results["test_subclassed_accuracy"]
    return results


def load(run_dir):
    """The predictor of a finished run: image files in, the subclassed model's classes out."""
    from keraslab.predictors.images import ImageClassifierPredictor

    return ImageClassifierPredictor(run_dir)
