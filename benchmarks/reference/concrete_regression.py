"""The course's concrete regression, written the way the course writes it (DL0101EN, Regression with Keras).

Normalises all rows before splitting (the leak the course has), 8-50-50-1, adam, MSE, 100 epochs,
validation_split=0.3. Prints one JSON line: the test MSE after each epoch and when it first met
the target, so the benchmark can compare time-to-target with our preset.
"""

import json
import sys
import time

import numpy as np

import keras


def main(csv_path, target=30.0, epochs=100):
    data = np.genfromtxt(csv_path, delimiter=",", skip_header=1)
    predictors, strength = data[:, :-1], data[:, -1]
    predictors = (predictors - predictors.mean(axis=0)) / predictors.std(axis=0)
    rng = np.random.default_rng(42)
    order = rng.permutation(len(strength))
    cut = int(0.8 * len(order))
    x_train, y_train = predictors[order[:cut]], strength[order[:cut]]
    x_test, y_test = predictors[order[cut:]], strength[order[cut:]]

    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(50, activation="relu"),
                              keras.layers.Dense(50, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mean_squared_error")
    trace = TimeToTarget(x_test, y_test, lambda m, x, y: m.evaluate(x, y, verbose=0), target, "below")
    model.fit(x_train, y_train, validation_split=0.3, epochs=epochs, verbose=0, callbacks=[trace])
    print(json.dumps(trace.summary()))


class TimeToTarget(keras.callbacks.Callback):
    """Evaluate on the test split after each epoch (benchmarks only) and note when the target is met."""

    def __init__(self, x, y, score, target, direction):
        super().__init__()
        self.x, self.y, self.score, self.target, self.direction = x, y, score, target, direction
        self.train_seconds, self.reached, self.scores = 0.0, None, []

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.train_seconds += time.perf_counter() - self.started
        value = float(self.score(self.model, self.x, self.y))
        self.scores.append(value)
        met = value <= self.target if self.direction == "below" else value >= self.target
        if met and self.reached is None:
            self.reached = {"epoch": epoch + 1, "train_seconds": self.train_seconds}

    def summary(self):
        return {"final": self.scores[-1], "best": min(self.scores) if self.direction == "below" else max(self.scores),
                "train_seconds": self.train_seconds, "reached": self.reached, "epochs": len(self.scores)}


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 30.0)
