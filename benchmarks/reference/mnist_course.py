"""The course's MNIST classifiers, written the way the course writes them (DL0101EN).

dense: flatten, /255, one-hot, 784-784-100-10 relu/softmax, adam, 10 epochs, verbose fit.
cnn:   Conv2D(16, 5x5) -> MaxPool(2) -> Flatten -> Dense(100) -> Dense(10), batch 200, 10 epochs.
Prints one JSON line with test accuracy per epoch and when the target was first met.
"""

import json
import sys

import numpy as np

import keras
from concrete_regression import TimeToTarget


def read_idx(path):
    data = open(path, "rb").read()
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def main(kind, folder, target):
    x_train = read_idx(f"{folder}/train-images-idx3-ubyte").astype("float32") / 255
    y_train = keras.utils.to_categorical(read_idx(f"{folder}/train-labels-idx1-ubyte"))
    x_test = read_idx(f"{folder}/t10k-images-idx3-ubyte").astype("float32") / 255
    y_test = keras.utils.to_categorical(read_idx(f"{folder}/t10k-labels-idx1-ubyte"))
    if kind == "dense":
        x_train, x_test = x_train.reshape(-1, 784), x_test.reshape(-1, 784)
        model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(784, activation="relu"),
                                  keras.layers.Dense(100, activation="relu"),
                                  keras.layers.Dense(10, activation="softmax")])
        batch_size = 32
    else:
        x_train, x_test = x_train[..., None], x_test[..., None]
        model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(16, 5, activation="relu"),
                                  keras.layers.MaxPooling2D(2), keras.layers.Flatten(),
                                  keras.layers.Dense(100, activation="relu"),
                                  keras.layers.Dense(10, activation="softmax")])
        batch_size = 200
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    trace = TimeToTarget(x_test, y_test, lambda m, x, y: m.evaluate(x, y, verbose=0)[1], target, "above")
    model.fit(x_train, y_train, epochs=10, batch_size=batch_size, verbose=0, callbacks=[trace])
    print(json.dumps(trace.summary()))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
