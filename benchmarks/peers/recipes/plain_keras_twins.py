"""Plain-Keras twins of keraslab's fit-based core presets: the same model, data, split sizes, optimizer,
batch size and epochs, written as a user would write them without keraslab (one `fit`, no checkpoints,
plots or run directory). The runner's overhead is a preset's whole command over its twin's.

    python benchmarks/peers/recipes/plain_keras_twins.py concrete-regression [epochs=N]

Twins: concrete-regression, car-classification, mnist-dense, mnist-cnn. Prints one JSON line with the
test metric and the process's seconds from its start.
"""

import time

STARTED = time.perf_counter()

import json
import os
import sys
from pathlib import Path

import numpy as np

MIRROR = Path(os.environ.get("KERASLAB_MIRROR", Path(__file__).resolve().parents[4] / "shared" / "data"))
# Each preset's settings, copied from src/keraslab/presets/<name>.yaml.
SETTINGS = {
    "concrete-regression": {"hidden_units": [128, 128, 64], "epochs": 400, "batch_size": 32, "learning_rate": 0.002},
    "car-classification": {"hidden_units": [64, 64], "epochs": 150, "batch_size": 32, "learning_rate": 0.003},
    "mnist-dense": {"hidden_units": [784, 100], "dropout_rate": 0.2, "epochs": 12, "batch_size": 128, "learning_rate": 0.001},
    "mnist-cnn": {"conv_filters": [32, 64], "hidden_units": [128], "dropout_rate": 0.3, "epochs": 6, "batch_size": 128,
                      "learning_rate": 0.001},
}


def split(count, rng, test=0.2, validation=0.1):
    """Shuffled train / validation / test indices: test first, validation from what is left."""
    order = rng.permutation(count)
    cut = round(count * test)
    rest = order[cut:]
    held = round(len(rest) * validation)
    return rest[held:], rest[:held], order[:cut]


def tabular(name, settings, rng):
    import keras

    if name == "concrete-regression":
        data = np.genfromtxt(MIRROR / "concrete" / "concrete_data.csv", delimiter=",", skip_header=1)
        x, y = data[:, :-1], data[:, -1]
        train, validation, test = split(len(y), rng)
        mean, std = x[train].mean(axis=0), x[train].std(axis=0)  # training rows only
        x = (x - mean) / std
        outputs, loss, metric = keras.layers.Dense(1), "mse", "mse"
        # The preset reports test MAE beside MSE, so its compiled model computes MAE at every step: so does the twin.
        also = ["mae"]
    else:
        rows = [line.split(",") for line in (MIRROR / "car-evaluation" / "car.data").read_text().split()]
        columns = list(zip(*rows))
        encoded = []
        for column in columns[:-1]:  # every feature is categorical: one-hot
            values = sorted(set(column))
            encoded.append(np.eye(len(values))[[values.index(v) for v in column]])
        x = np.concatenate(encoded, axis=1)
        classes = sorted(set(columns[-1]))
        y = np.array([classes.index(v) for v in columns[-1]])
        train, validation, test = split(len(y), rng)
        outputs = keras.layers.Dense(len(classes), activation="softmax")
        loss, metric = "sparse_categorical_crossentropy", "accuracy"
        also = []
    model = keras.Sequential([keras.Input((x.shape[1],)),
                              *[keras.layers.Dense(u, activation="relu") for u in settings["hidden_units"]], outputs])
    model.compile(optimizer=keras.optimizers.Adam(settings["learning_rate"]), loss=loss, metrics=[metric, *also])
    return model, (x[train], y[train]), (x[validation], y[validation]), (x[test], y[test]), metric


def mnist(name, settings, rng):
    import keras
    from keras import layers

    def read_idx(path):
        data = path.read_bytes()
        shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(data[3]))
        return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * data[3]).reshape(shape)

    folder = MIRROR / "mnist"
    x = read_idx(folder / "train-images-idx3-ubyte")[..., None]
    y = read_idx(folder / "train-labels-idx1-ubyte").astype("int64")
    x_test = read_idx(folder / "t10k-images-idx3-ubyte")[..., None]
    y_test = read_idx(folder / "t10k-labels-idx1-ubyte").astype("int64")
    order = rng.permutation(len(y))
    held = round(0.1 * len(y))
    stack = [keras.Input((28, 28, 1)), layers.Rescaling(1 / 255)]
    for filters in settings.get("conv_filters", []):
        stack += [layers.Conv2D(filters, 3, padding="same", activation="relu"), layers.MaxPooling2D(2)]
    stack += [layers.Flatten(), *[layers.Dense(u, activation="relu") for u in settings["hidden_units"]],
              layers.Dropout(settings["dropout_rate"]), layers.Dense(10, activation="softmax")]
    model = keras.Sequential(stack)
    model.compile(optimizer=keras.optimizers.Adam(settings["learning_rate"]), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return (model, (x[order[held:]], y[order[held:]]), (x[order[:held]], y[order[:held]]), (x_test, y_test),
            "accuracy")


def main(argv):
    name, overrides = argv[0], dict(item.split("=", 1) for item in argv[1:])
    settings = {**SETTINGS[name], **{key: int(value) for key, value in overrides.items()}}
    import keras

    keras.utils.set_random_seed(42)
    build = mnist if name.startswith("mnist") else tabular
    model, train, validation, test, metric = build(name, settings, np.random.default_rng(42))
    model.fit(*train, validation_data=validation, epochs=settings["epochs"], batch_size=settings["batch_size"],
              verbose=0)
    score = model.evaluate(*test, verbose=0, return_dict=True)
    print(json.dumps({"twin": name, f"test_{metric}": float(score[metric]), "epochs": settings["epochs"],
                      "seconds": time.perf_counter() - STARTED}))


if __name__ == "__main__":
    main(sys.argv[1:])
