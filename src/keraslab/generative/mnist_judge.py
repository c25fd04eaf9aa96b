"""FID-MNIST: a fixed MNIST classifier whose penultimate features judge generated digits.

Inception's features (the usual FID) know nothing of handwritten digits; a small CNN trained once on
MNIST's training set does. It is trained with a fixed seed and recipe the first time it is needed
and kept in the cache (`$KERASLAB_HOME/judges/`), so every run, model and backend is judged by the
same network. `fid_mnist` is the Frechet distance between its features of generated images and of
MNIST test images; `mean_confidence` is its mean top-class probability on the generated ones.
"""

import numpy as np

from keraslab.data.paths import home
from keraslab.generative.fid import frechet_distance

JUDGE_VERSION = 1
# One epoch over all 60,000 digits: ~98.5% test accuracy, about a minute on two cores.
JUDGE_EPOCHS = 1
JUDGE_SEED = 1234


def build_judge():
    import keras
    from keras import layers

    images = keras.Input(shape=(28, 28, 1), name="images")
    x = layers.Conv2D(32, 3, activation="relu", name="conv_1")(images)
    x = layers.MaxPooling2D(2, name="pool_1")(x)
    x = layers.Conv2D(64, 3, activation="relu", name="conv_2")(x)
    x = layers.MaxPooling2D(2, name="pool_2")(x)
    x = layers.Flatten(name="flatten")(x)
    features = layers.Dense(128, activation="relu", name="features")(x)
    outputs = layers.Dense(10, activation="softmax", name="digit")(features)
    return keras.Model(images, outputs, name="mnist_judge")


def judge_path(smoke=False):
    return home() / "judges" / f"mnist-judge-v{JUDGE_VERSION}{'-smoke' if smoke else ''}.keras"


def load_judge(x_train, y_train, x_test, y_test, smoke=False, say=print):
    """The cached judge, or a new one trained on (x_train, y_train) uint8 images; plus its test accuracy."""
    from keraslab.training.precision import policy

    # The same float32 judge for every run: a run's mixed-precision policy must not train or load it.
    with policy("float32"):
        return _load_judge(x_train, y_train, x_test, y_test, smoke, say)


def _load_judge(x_train, y_train, x_test, y_test, smoke, say):
    import keras

    path = judge_path(smoke)
    if path.exists():
        model = keras.saving.load_model(path)
    else:
        say(f"Training the fixed MNIST judge for FID once; it is kept at {path}.")
        keras.utils.set_random_seed(JUDGE_SEED)
        model = build_judge()
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        count = 512 if smoke else len(x_train)
        model.fit(x_train[:count] / 255.0, y_train[:count], epochs=JUDGE_EPOCHS, batch_size=128, verbose=0)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part.keras")
        model.save(partial)
        partial.rename(path)
    accuracy = float(np.mean(np.argmax(model.predict(x_test / 255.0, batch_size=500, verbose=0), 1) == y_test))
    return model, accuracy


class MnistJudge:
    """Features and confidences of a fixed classifier for images in [0, 1], shape (n, 28, 28, 1)."""

    def __init__(self, model):
        import keras

        self.model = model
        self.features_model = keras.Model(model.inputs, [model.get_layer("features").output, model.outputs[0]])

    def features(self, images, batch_size=500):
        features, probabilities = self.features_model.predict(np.asarray(images, "float32"),
                                                              batch_size=batch_size, verbose=0)
        return features, probabilities

    def fid(self, generated, reference_features):
        """(FID against the reference features, mean top-class confidence) for generated images in [0, 1]."""
        features, probabilities = self.features(generated)
        return frechet_distance(features, reference_features), float(probabilities.max(axis=1).mean())
