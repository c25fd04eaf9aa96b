"""Lesson: a multilayer perceptron trained by hand-written backpropagation, on MNIST by default.

The course builds 784-784-100-10 in Keras and reaches 0.9775 test accuracy; here the same network
is NumPy matrix products and the chain rule, trained by mini-batch SGD with momentum.
"""

import time

import numpy as np

from keraslab.fundamentals.mlp import MLP, SGD, accuracy, one_hot, train_epoch
from keraslab.tasks.fundamentals import blas_threads, image_vectors
from keraslab.tasks.splitting import split_indices


def run(config, context):
    x_train, y_train, x_test, y_test, class_names = image_vectors(config)
    num_classes = len(class_names)
    train, _, held = split_indices(len(y_train), config["validation_split"], 0, config["seed"] + 7, y_train)
    x_val, y_val = x_train[held], y_train[held]
    x_train, y_train = x_train[train], y_train[train]

    sizes = [x_train.shape[1], *[int(u) for u in config["hidden_units"]], num_classes]
    model = MLP(sizes, [config["activation"]] * (len(sizes) - 2) + ["softmax"], "categorical_crossentropy",
                init=config["init"], seed=config["seed"])
    optimizer = SGD(config["learning_rate"], config["momentum"])
    targets = one_hot(y_train, num_classes)
    rng = np.random.default_rng(config["seed"])
    history = {"loss": [], "val_accuracy": []} if len(y_val) else {"loss": []}
    seconds = 0.0
    with blas_threads(config["blas_threads"]):
        for epoch in range(1, config["epochs"] + 1):
            started = time.perf_counter()
            history["loss"].append(train_epoch(model, x_train, targets, config["batch_size"], optimizer, rng))
            seconds += time.perf_counter() - started
            shown = f"epoch {epoch}/{config['epochs']}: loss {history['loss'][-1]:.4f}"
            if len(y_val):
                history["val_accuracy"].append(accuracy(model, x_val, y_val))
                shown += f", validation accuracy {history['val_accuracy'][-1]:.4f}"
            context.say(shown)
        test_accuracy = accuracy(model, x_test, y_test)
        test_loss = model.compute_loss(x_test, one_hot(y_test, num_classes))

    samples_per_second = config["epochs"] * len(y_train) / seconds
    # Training costs about three forward passes: 2 FLOPs per multiply-add, forward, and twice that backward.
    flops_per_sample = 3 * sum(2 * n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    context.run_dir.write_history(history)
    np.savez(context.run_dir.path / "weights.npz", *model.weights, *model.biases)
    context.record(layer_sizes=sizes, train_rows=len(y_train), validation_rows=len(y_val),
                   gflops=samples_per_second * flops_per_sample / 1e9)
    from keraslab.plots.learning_curves import plot_learning_curves

    plot_learning_curves(history, context.run_dir.plots / "learning_curves.png",
                         title="NumPy MLP " + "-".join(map(str, sizes)))
    context.say(f"Test accuracy {test_accuracy:.4f} on {len(y_test)} images with a NumPy "
                f"{'-'.join(map(str, sizes))} network ({samples_per_second:,.0f} training samples/s). "
                "The course's Keras 784-784-100-10 reports 0.9775.")
    return {"test_accuracy": test_accuracy, "test_loss": test_loss, "samples_per_second": samples_per_second}
