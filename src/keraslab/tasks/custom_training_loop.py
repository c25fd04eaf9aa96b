"""One model, trained three ways side by side: what `fit` does for you, and what you write when it does not.

1. `fit`: Keras owns the loop and the step.
2. `train-step`: Keras's `fit` owns the loop; the step is written by hand per backend (TensorFlow
   GradientTape, JAX stateless_call + optimizer.stateless_apply, PyTorch autograd), its loss from the
   model's own `compute_loss` (keraslab.models.custom_step_model).
3. `from-scratch`: no `fit` at all; the keras-io guides' loop with metrics updated and a callback
   (EarlyStopping, as `context.fit` gives the other two) called by hand (keraslab.training.scratch_loop).

The three models start from the same weights and see the same batches in the same order, so they
should end at the same accuracy; `test_accuracy_spread` says how far apart they ended, and
`*_samples_per_second` (facts) what each way costs.
"""

import math

import numpy as np

WAYS = ("fit", "train-step", "from-scratch")


def build_model(input_shape, hidden_units, num_classes, model_class=None):
    """Flatten-128-10 with logits out, as in the guides (the loss takes `from_logits=True`)."""
    import keras

    inputs = keras.Input(shape=input_shape, name="image")
    x = keras.layers.Flatten()(keras.layers.Rescaling(1 / 255)(inputs))
    for units in hidden_units:
        x = keras.layers.Dense(int(units), activation="relu")(x)
    outputs = keras.layers.Dense(num_classes, name="logits")(x)
    return (model_class or keras.Model)(inputs, outputs, name="mnist_mlp")


def run(config, context):
    import keras

    from keraslab.models.custom_step_model import CustomStepModel
    from keraslab.models.optimizers import make_optimizer
    from keraslab.tasks.image_classifier import load_splits
    from keraslab.training.schedules import make_schedule
    from keraslab.training.scratch_loop import train_from_scratch

    settings = {**config, "backbone": "none", "color_mode": "auto", "image_size": 0, "strict": False}
    (x_train, y_train), validation, (x_test, y_test), class_names, split_note = load_splits(settings)
    context.record(split=split_note)
    shape, num_classes = x_train.shape[1:], len(class_names)

    def loss_fn():
        return keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    # One set of starting weights for all three, so only the way of training differs.
    models = {"fit": build_model(shape, config["hidden_units"], num_classes),
              "train-step": build_model(shape, config["hidden_units"], num_classes, CustomStepModel),
              "from-scratch": build_model(shape, config["hidden_units"], num_classes)}
    start = models["fit"].get_weights()
    for model in models.values():
        model.set_weights(start)

    results, throughput = {}, {}
    for way in ("fit", "train-step"):
        model = models[way]
        model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]), loss=loss_fn(),
                      metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
        with context.phase(way):
            context.fit(model, x_train, y_train, validation)
            throughput[way] = context.info["samples_per_second"]
            results[f"train_{_key(way)}_accuracy"] = context.phase_history()["accuracy"][-1]

    model = models["from-scratch"]
    optimizer = make_optimizer(config["optimizer"], config["learning_rate"])
    schedule = make_schedule(config, math.ceil(len(y_train) / config["batch_size"]))
    if schedule is not None:  # as context.fit puts it on the other two
        optimizer.learning_rate = schedule
    with context.phase("from-scratch"):
        timing = train_from_scratch(context, model, optimizer, loss_fn(), x_train, y_train, validation,
                                    epochs=config["epochs"],
                                    batch_size=config["batch_size"], seed=config["seed"],
                                    callbacks=_early_stopping(config, validation))
        throughput["from-scratch"] = timing["samples_per_second"]
        results["train_from_scratch_accuracy"] = context.phase_history()["accuracy"][-1]

    for way in WAYS:
        # The epoch's running mean (what fit and the guides print) is above; this is the kept weights on every row.
        results[f"train_{_key(way)}_accuracy_final"] = _accuracy(models[way], x_train, y_train)
        results[f"test_{_key(way)}_accuracy"] = _accuracy(models[way], x_test, y_test)
        results[f"{_key(way)}_samples_per_second"] = throughput[way]
    tested = [results[f"test_{_key(way)}_accuracy"] for way in WAYS]
    results["test_accuracy_spread"] = max(tested) - min(tested)
    results["test_accuracy"] = results["test_from_scratch_accuracy"]
    start_weights = models["fit"].get_weights()
    for way in ("train-step", "from-scratch"):
        results[f"{_key(way)}_max_weight_difference_to_fit"] = max(
            float(np.max(np.abs(a - b))) for a, b in zip(models[way].get_weights(), start_weights))
    for way in WAYS:
        context.say(f"{way:>12}: train accuracy {results[f'train_{_key(way)}_accuracy']:.4f}, test accuracy "
                    f"{results[f'test_{_key(way)}_accuracy']:.4f}, {throughput[way]:,.0f} samples/s")

    # The model a user gets: the from-scratch one, with probabilities out for `keraslab predict`.
    context.save_model(keras.Sequential([model, keras.layers.Softmax(name="probabilities", dtype="float32")],
                                        name="mnist_classifier"))
    context.save_spec("images", class_names=class_names, image_shape=list(shape))
    return results


def _early_stopping(config, validation):
    """The callback the loop calls by hand: the same EarlyStopping context.fit gives the other two ways."""
    import keras

    if not config["early_stopping_patience"]:
        return []
    return [keras.callbacks.EarlyStopping("val_loss" if validation is not None else "loss",
                                          patience=config["early_stopping_patience"])]


def _key(way):
    return way.replace("-", "_")


def _accuracy(model, x, y):
    logits = model.predict(x, batch_size=256, verbose=0)
    return float(np.mean(np.argmax(logits, axis=1) == y))


def load(run_dir):
    """The predictor of a finished run: image files in, the from-scratch model's classes out."""
    from keraslab.predictors.images import ImageClassifierPredictor

    return ImageClassifierPredictor(run_dir)
