"""The advanced Keras course's custom-training-loop model, trained the way the course feeds it.

    KERAS_BACKEND=jax python benchmarks/reference/custom_loop_course.py MNIST_FOLDER [--shuffle] [--seeds 1,2,3]

Flatten-128-10 (logits), Adam at Keras's default rate, batch 32, 5 epochs, all 60,000 training images /255, no
validation split. The course's `tf.data.Dataset.from_tensor_slices(...).batch(32)` is never shuffled, so every
epoch sees the images in the file's order; `--shuffle` reshuffles every epoch, as keraslab's preset does. Prints
one JSON line per seed: the running-mean training accuracy of every epoch (what fit and the course's loop
print) and the test accuracy.
"""

import argparse
import json

import keras
from mnist_course import read_idx


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--shuffle", action="store_true")
    parser.add_argument("--seeds", default="1,2,3")
    arguments = parser.parse_args()
    x_train = read_idx(f"{arguments.folder}/train-images-idx3-ubyte").astype("float32") / 255
    y_train = read_idx(f"{arguments.folder}/train-labels-idx1-ubyte")
    x_test = read_idx(f"{arguments.folder}/t10k-images-idx3-ubyte").astype("float32") / 255
    y_test = read_idx(f"{arguments.folder}/t10k-labels-idx1-ubyte")
    for seed in map(int, arguments.seeds.split(",")):
        keras.utils.set_random_seed(seed)
        model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                                  keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10)])
        model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                      metrics=["accuracy"])
        history = model.fit(x_train, y_train, batch_size=32, epochs=5, shuffle=arguments.shuffle, verbose=0).history
        print(json.dumps({"seed": seed, "shuffle": arguments.shuffle,
                          "train_accuracy": [round(a, 4) for a in history["accuracy"]],
                          "test_accuracy": round(model.evaluate(x_test, y_test, verbose=0)[1], 4)}), flush=True)


if __name__ == "__main__":
    main()
