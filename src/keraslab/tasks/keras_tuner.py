"""The course's KerasTuner lab: search an MNIST classifier's hidden units and learning rate, retrain the
best once, test it once.

    search      KerasTuner (RandomSearch, Hyperband or BayesianOptimization) over
                units in [units_min, units_max] step units_step and learning rate in
                [learning_rate_min, learning_rate_max] on a log scale; each set trained
                `executions_per_trial` times for `epochs`, scored by its best validation accuracy
    retrain     the best set trained once more (one keraslab phase: checkpoints, best weights, history)
    test        the retrained model scored once on the test split

Resuming exactly: KerasTuner keeps its oracle and trials in checkpoints/keras-tuner (reloaded, not
overwritten), and sends the trial that was running when the run was killed back to its queue with the
same hyperparameters. Every execution reseeds Python, NumPy and the backend from (seed, trial,
execution) before it builds its model, so a trial trained again in a resumed process trains exactly
as it would have: the search, and so the whole run, ends where it would have ended.
"""

import numpy as np

from keraslab.tasks.distillation import load_splits


def build_model(hp, config, input_shape, num_classes):
    """The course's model (Flatten, Dense(units, relu), Dense(10, softmax); Adam at the searched rate), with
    an optional convolutional front end, built under the run's `precision`.

    The policy is applied here, around each build, because KerasTuner calls keras.backend.clear_session()
    before every build, and that resets Keras's global dtype policy to float32: the runner's policy alone
    would hold for nothing but the first model."""
    from keraslab.training.precision import policy

    with policy(config["precision"]):
        return _build(hp, config, input_shape, num_classes)


def _build(hp, config, input_shape, num_classes):
    import keras
    from keras import layers

    from keraslab.training.precision import float32_outputs

    units = hp.Int("units", min_value=config["units_min"], max_value=config["units_max"], step=config["units_step"])
    learning_rate = hp.Float("learning_rate", min_value=config["learning_rate_min"],
                             max_value=config["learning_rate_max"], sampling="log")
    inputs = keras.Input(shape=input_shape, name="image")
    x = layers.Rescaling(1 / 255)(inputs)
    if config["model"] == "cnn":
        for filters in (16, 32):
            x = layers.Conv2D(filters, 3, activation="relu", padding="same")(x)
            x = layers.MaxPooling2D()(x)
    elif config["model"] == "cnn-light":
        # The first convolution and its pooling as in cnn; the second convolution strides instead of
        # pooling after it (14x14 -> 7x7): a quarter of its multiply-adds, the same 7x7x32 features.
        x = layers.Conv2D(16, 3, activation="relu", padding="same")(x)
        x = layers.MaxPooling2D()(x)
        x = layers.Conv2D(32, 3, strides=2, activation="relu", padding="same")(x)
    elif config["model"] == "cnn-strided":
        # The same two convolutions, each halving the image itself (stride 2) instead of a pooling layer
        # after it: each computes a quarter of the outputs (a quarter of the multiply-adds), and the Dense
        # layer sees the same 7x7x32 features.
        for filters in (16, 32):
            x = layers.Conv2D(filters, 3, strides=2, activation="relu", padding="same")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(units, activation="relu", name="hidden")(x)
    if config["dropout_rate"]:
        x = layers.Dropout(config["dropout_rate"])(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="class_probabilities")(x)
    # Under a mixed policy the softmax answers in float32, in the search as in the retrain (RunContext.fit
    # does the same); a no-op under float32.
    model = float32_outputs(keras.Model(inputs, outputs, name="tuned_classifier"))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


_TUNERS = {"random": "RandomSearch", "hyperband": "Hyperband", "bayesian": "BayesianOptimization"}


def make_tuner(config, hypermodel, folder, on_trial_end):
    """The chosen KerasTuner, reseeding every execution and reporting each finished trial."""
    import keras
    import keras_tuner

    base = getattr(keras_tuner, _TUNERS[config["tuner"]])
    seed = config["seed"]

    class Reseeding(base):
        def run_trial(self, trial, *args, **kwargs):
            self._execution = 0
            return super().run_trial(trial, *args, **kwargs)

        def _build_and_fit_model(self, trial, *args, **kwargs):
            # A pure function of (seed, trial, execution): the same in a resumed process as in the first.
            keras.utils.set_random_seed(int(np.random.default_rng([seed, int(trial.trial_id), self._execution])
                                            .integers(2**31 - 1)))
            self._execution += 1
            return super()._build_and_fit_model(trial, *args, **kwargs)

        def on_trial_end(self, trial):
            super().on_trial_end(trial)
            on_trial_end(self, trial)

        def _configure_tensorboard_dir(self, callbacks, trial, execution=0):
            # KerasTuner 1.4 imports tensorboard on TensorFlow even when no TensorBoard callback is given,
            # which fails every trial where tensorboard is not installed.
            if any(type(callback).__name__ == "TensorBoard" for callback in callbacks):
                super()._configure_tensorboard_dir(callbacks, trial, execution)

    # KerasTuner's Oracle treats seed 0 as "no seed" and draws one at random.
    options = dict(objective="val_accuracy", seed=seed + 1, directory=str(folder), project_name="search",
                   overwrite=False, executions_per_trial=config["executions_per_trial"])
    if config["tuner"] == "hyperband":
        # Hyperband decides its own number of trials from max_epochs and factor.
        options.update(max_epochs=config["epochs"], factor=3, hyperband_iterations=1)
    else:
        options.update(max_trials=config["max_trials"])
    return Reseeding(hypermodel, **options)


def run(config, context):
    import keras

    (x_train, y_train), validation, (x_test, y_test), class_names = load_splits(config)
    shape, num_classes = x_train.shape[1:], len(class_names)
    context.record(images={"train": len(y_train), "validation": len(validation[1]), "test": len(y_test)},
                   tuner=config["tuner"])

    def hypermodel(hp):
        return build_model(hp, config, shape, num_classes)

    def trial_done(tuner, trial):
        # A checkpoint per finished trial: the oracle on disk already holds it, so a run killed after this
        # point resumes with the trial counted.
        finished = sum(1 for t in tuner.oracle.trials.values() if t.status == "COMPLETED")
        context.save_loop_state(finished)

    with context.phase("search"):
        tuner = make_tuner(config, hypermodel, context.state_folder("keras-tuner"), trial_done)
        tuner.search(x_train, y_train, validation_data=validation, epochs=config["epochs"],
                     batch_size=config["batch_size"], verbose=context.verbose,
                     callbacks=hparams_callbacks(tuner, context))
        rows = trial_table(tuner, config["epochs"])
        if not rows:  # KerasTuner logs a failing trial and moves on; with none left, say why
            failed = [t for t in tuner.oracle.trials.values() if t.status == "FAILED"]
            reason = (failed[-1].message or "").strip().splitlines()[-1:] if failed else ["no trial ran"]
            raise RuntimeError(f"Every KerasTuner trial failed; the last: {reason[0] if reason else '?'}")
        context.log_epochs({"trial": [r["trial"] for r in rows], "units": [r["units"] for r in rows],
                            "learning_rate": [r["learning_rate"] for r in rows],
                            "val_accuracy": [r["val_accuracy"] for r in rows]})
    context.write_table("trials.csv", {key: [r[key] for r in rows] for key in rows[0]})
    best = tuner.get_best_hyperparameters(1)[0]
    best_val = max(r["val_accuracy"] for r in rows)
    context.say(f"Best of {len(rows)} trials: units={best.get('units')}, learning_rate={best.get('learning_rate'):.2e}, "
                f"validation accuracy {best_val:.4f}. Retraining it once.")

    keras.utils.set_random_seed(config["seed"])
    model = hypermodel(best)
    with context.phase("retrain"):
        model = context.fit(model, x_train, y_train, validation, monitor="val_accuracy", mode="max",
                            epochs=config["epochs"])
    metrics = context.evaluate(model, x_test, y_test)
    context.save_model(model)
    context.save_spec("images", class_names=class_names, image_shape=list(shape))
    context.record(best_hyperparameters={"units": int(best.get("units")),
                                         "learning_rate": float(best.get("learning_rate"))})
    context.say(f"Test accuracy of the retrained best model: {metrics['test_accuracy']:.4f}.")
    return {**metrics, "best_val_accuracy": best_val, "best_units": int(best.get("units")),
            "best_learning_rate": float(best.get("learning_rate")), "trials": len(rows)}


def hparams_callbacks(tuner, context):
    """KerasTuner's own TensorBoard HParams view: given a TensorBoard callback, it logs every execution to
    tensorboard/keras-tuner/<trial>/execution<N>/ with the trial's hyperparameters (TensorFlow backend only:
    KerasTuner writes them with tf.summary). keraslab's per-phase events come on every backend anyway."""
    import keras

    from keraslab.training import tensorboard_log

    if keras.backend.backend() != "tensorflow" or not tensorboard_log.available():
        return []
    import shutil

    root = context.tensorboard_folder("keras-tuner")
    # A trial cut short by a kill runs again on resume into the same folder: drop its partial events so
    # the resumed run's view matches an uninterrupted one.
    finished = {trial_id for trial_id, trial in tuner.oracle.trials.items() if trial.status == "COMPLETED"}
    for folder in root.iterdir():
        if folder.is_dir() and folder.name not in finished:
            shutil.rmtree(folder)
    # Epoch scalars and HParams only: the graph would be written again for every execution.
    return [keras.callbacks.TensorBoard(log_dir=str(root), write_graph=False)]


def trial_table(tuner, epochs):
    """One row per finished trial, in the order they ran: hyperparameters and score (mean over executions)."""
    rows = []
    for trial_id in tuner.oracle.end_order:
        trial = tuner.oracle.trials[trial_id]
        if trial.status != "COMPLETED" or trial.score is None:
            continue
        values = trial.hyperparameters.values
        rows.append({"trial": int(trial_id), "units": int(values["units"]),
                     "learning_rate": float(values["learning_rate"]),
                     "epochs": int(values.get("tuner/epochs", epochs)),
                     "val_accuracy": float(trial.score)})
    return rows


def load(run_dir):
    """The predictor of a finished run: image files in, the retrained model's class out."""
    from keraslab.predictors.images import ImageClassifierPredictor

    return ImageClassifierPredictor(run_dir)
