"""Knowledge distillation, measured: a teacher, a distilled student, and the same student from scratch.

    teacher      a wide CNN trained on the labels
    distilled    a small CNN trained by keras.distillation.Distiller: (1 - student_loss_weight) x the KL
                 divergence to the teacher's softened probabilities (at `temperature`, scaled by its
                 square) + student_loss_weight x the labels' cross-entropy
    scratch      the same small CNN, from the same initial weights, on the labels alone

All three are scored once on the test split. keras-io's recorded run of this recipe has the distilled
student below the scratch one (0.969 against 0.978), so the gain is reported, not assumed. The model
kept (model.keras) is the distilled student with a softmax on its logits.
"""

import numpy as np

from keraslab.data.load import load_image_data
from keraslab.tasks.splitting import carve_validation, limit


def load_splits(config):
    data = load_image_data(config["data"], 0, "auto", config["seed"], config["test_split"], True)
    x_train, y_train = data.x_train, data.y_train
    validation = None
    if config["validation_split"]:
        keep, held = carve_validation(y_train, config["validation_split"], config["seed"])
        if len(held):
            validation = (x_train[held], y_train[held])
            x_train, y_train = x_train[keep], y_train[keep]
    keep = limit(np.arange(len(y_train)), config["max_samples"], config["seed"])
    test = limit(np.arange(len(data.y_test)), config["max_samples"], config["seed"])
    if validation is not None:
        held = limit(np.arange(len(validation[1])), config["max_samples"], config["seed"])
        validation = (validation[0][held], validation[1][held])
    return (x_train[keep], y_train[keep]), validation, (data.x_test[test], data.y_test[test]), data.class_names


def load_test_split(config):
    return load_splits(config)[2]


def build_convnet(input_shape, num_classes, filters, name):
    """keras-io's distillation networks: stride-2 convolutions with LeakyReLU, one max-pool, logits out."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape, name="image")
    x = layers.Rescaling(1 / 255)(inputs)
    for index, count in enumerate(filters):
        x = layers.Conv2D(count, 3, strides=2, padding="same", name=f"conv_{index + 1}")(x)
        x = layers.LeakyReLU(negative_slope=0.2)(x)
        if index == 0:
            x = layers.MaxPooling2D(pool_size=2, strides=1, padding="same")(x)
    x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(num_classes, name="logits")(x), name=name)


def logits_distillation(temperature):
    """KL(softmax(teacher / T) || softmax(student / T)) * T^2, Hinton's soft-target loss.

    The loss is passed as a KLDivergence instance on purpose: Keras 3.15's default, loss="kl_divergence",
    resolves to the plain function, which LogitsDistillation does not recognise, so it skips the softmax
    and the T^2 and compares the raw, temperature-divided logits (clipped to [1e-7, 1]) instead.
    """
    import keras

    return keras.distillation.LogitsDistillation(temperature=temperature, loss=keras.losses.KLDivergence())


def run(config, context):
    import keras

    from keraslab.models.optimizers import make_optimizer

    (x_train, y_train), validation, (x_test, y_test), class_names = load_splits(config)
    shape, num_classes = x_train.shape[1:], len(class_names)
    context.record(images={"train": len(y_train), "test": len(y_test),
                           "validation": 0 if validation is None else len(validation[1])})
    labels_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def compile_plain(model):
        model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]), loss=labels_loss,
                      metrics=["accuracy"])
        return model

    histories, accuracies = {}, {}

    def train(name, model, epochs):
        trained = getattr(model, "student", model)
        context.say(f"{name}: {trained.count_params():,} trainable parameters, {epochs} epochs.")
        # Each model its own phase: own checkpoints and best weights, so a resumed run retrains none twice.
        with context.phase(name):
            model = context.fit(model, x_train, y_train, validation, monitor="val_accuracy", mode="max",
                                epochs=epochs)
        histories[name] = context.phase_history(name)
        return model

    keras.utils.set_random_seed(config["seed"])
    teacher = train("teacher", compile_plain(build_convnet(shape, num_classes, config["teacher_filters"], "teacher")),
                    config["teacher_epochs"])
    accuracies["teacher"] = _accuracy(teacher, x_test, y_test)

    # One initialisation for both students, so the only difference is what they learn from.
    keras.utils.set_random_seed(config["seed"] + 1)
    student = build_convnet(shape, num_classes, config["student_filters"], "student")
    scratch = build_convnet(shape, num_classes, config["student_filters"], "scratch")
    scratch.set_weights(student.get_weights())

    distiller = keras.distillation.Distiller(
        teacher=teacher, student=student,
        distillation_losses=logits_distillation(config["temperature"]),
        student_loss_weight=config["student_loss_weight"])
    distiller.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]), loss=labels_loss,
                      metrics=["accuracy"])
    distilled = train("distilled", distiller, config["epochs"]).student
    accuracies["distilled"] = _accuracy(distilled, x_test, y_test)

    scratch = train("scratch", compile_plain(scratch), config["epochs"])
    accuracies["scratch"] = _accuracy(scratch, x_test, y_test)

    model = _with_softmax(distilled)
    context.save_model(model)
    context.save_spec("images", class_names=class_names, image_shape=list(shape))
    # Settings (temperature, weighting) are chosen on these, never on the test split.
    context.record(parameters={"teacher": teacher.count_params(), "student": student.count_params()},
                   epochs_per_phase={name: len(next(iter(h.values()), [])) for name, h in histories.items()},
                   best_validation_accuracy={name: max(h["val_accuracy"]) for name, h in histories.items()
                                             if h.get("val_accuracy")})
    gain = accuracies["distilled"] - accuracies["scratch"]
    context.say(f"Test accuracy: teacher {accuracies['teacher']:.4f}, distilled student {accuracies['distilled']:.4f}, "
                f"student from scratch {accuracies['scratch']:.4f} (distillation {gain:+.4f}).")
    return {"test_accuracy": accuracies["distilled"], "test_accuracy_teacher": accuracies["teacher"],
            "test_accuracy_distilled": accuracies["distilled"], "test_accuracy_scratch": accuracies["scratch"],
            "distillation_gain": gain}


def _accuracy(model, x, y):
    logits = model.predict(x, batch_size=256, verbose=0)
    return float(np.mean(np.argmax(logits, axis=-1) == y))


def _with_softmax(student):
    """The student as users call it: probabilities out, compiled so it can be evaluated after loading."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=student.input_shape[1:], name="image")
    model = keras.Model(inputs, layers.Softmax(name="class_probabilities")(student(inputs)), name="distilled_student")
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def load(run_dir):
    """The predictor of a finished run: image files in, the distilled student's class out."""
    from keraslab.predictors.images import ImageClassifierPredictor

    return ImageClassifierPredictor(run_dir)
