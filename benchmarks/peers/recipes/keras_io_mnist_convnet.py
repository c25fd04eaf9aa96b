"""keras-io's "Simple MNIST convnet" (François Chollet), as published, timed until its test accuracy reaches a target.

    python benchmarks/peers/recipes/keras_io_mnist_convnet.py --target 0.99 --max-seconds 300

The recipe: Conv32 3x3 - pool - Conv64 3x3 - pool - flatten - dropout 0.5 - softmax; Adam, batch 128,
15 epochs, validation_split 0.1. Here the test split is also scored after each epoch (that scoring is not
counted), and training stops at the first epoch whose test accuracy meets --target. seconds_to_target counts
from the process's start (imports and data included, as a whole `keraslab run` is timed), less the scoring.
Prints one JSON line.
"""

import time

STARTED = time.perf_counter()

import argparse
import json
import os
from pathlib import Path

import numpy as np


def read_idx(path):
    data = Path(path).read_bytes()
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=0.99)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args()
    import keras
    from keras import layers

    folder = Path(os.environ.get("KERASLAB_MIRROR", Path(__file__).resolve().parents[4] / "shared" / "data")) / "mnist"
    x_train = read_idx(folder / "train-images-idx3-ubyte").astype("float32")[..., None] / 255
    x_test = read_idx(folder / "t10k-images-idx3-ubyte").astype("float32")[..., None] / 255
    y_train = keras.utils.to_categorical(read_idx(folder / "train-labels-idx1-ubyte"), 10)
    y_test = keras.utils.to_categorical(read_idx(folder / "t10k-labels-idx1-ubyte"), 10)

    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

    scoring, accuracy, reached = 0.0, None, None
    for epoch in range(args.epochs):
        model.fit(x_train, y_train, batch_size=128, epochs=epoch + 1, initial_epoch=epoch, validation_split=0.1,
                  verbose=0)
        tick = time.perf_counter()
        accuracy = float(model.evaluate(x_test, y_test, verbose=0)[1])
        scoring += time.perf_counter() - tick
        if accuracy >= args.target:
            reached = epoch + 1
            break
        if time.perf_counter() - STARTED - scoring > args.max_seconds:
            break
    seconds = time.perf_counter() - STARTED - scoring
    print(json.dumps({"peer": "keras-io mnist_convnet", "test_accuracy": accuracy, "epochs_to_target": reached,
                      "seconds_to_target": seconds if reached else None, "seconds": seconds}))


if __name__ == "__main__":
    main()
