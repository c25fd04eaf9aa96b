"""Lesson: a multilayer perceptron trained by hand-written backpropagation, on MNIST by default.

The course builds 784-784-100-10 in Keras and reaches 0.9775 test accuracy; here the same network
is NumPy matrix products and the chain rule, trained by mini-batch SGD with momentum.
"""

import time

import numpy as np

from keraslab.fundamentals.mlp import MLP, SGD, accuracy, one_hot, train_epoch
from keraslab.tasks.fundamentals import blas_threads, image_vectors
from keraslab.tasks.splitting import carve_validation


def run(config, context):
    x_train, y_train, x_test, y_test, class_names = image_vectors(config)
    num_classes = len(class_names)
    train, held = carve_validation(y_train, config["validation_split"], config["seed"])
    x_val, y_val = x_train[held], y_train[held]
    x_train, y_train = x_train[train], y_train[train]

    sizes = [x_train.shape[1], *[int(u) for u in config["hidden_units"]], num_classes]
    model = MLP(sizes, [config["activation"]] * (len(sizes) - 2) + ["softmax"], "categorical_crossentropy",
                init=config["init"], seed=config["seed"])
    optimizer = SGD(config["learning_rate"], config["momentum"])
    targets = one_hot(y_train, num_classes)
    rng = np.random.default_rng(config["seed"])
    done, seconds = _resume(context, model, optimizer, rng)
    with blas_threads(config["blas_threads"]):
        for epoch in range(done + 1, config["epochs"] + 1):
            started = time.perf_counter()
            logs = {"loss": train_epoch(model, x_train, targets, config["batch_size"], optimizer, rng)}
            seconds += time.perf_counter() - started
            if len(y_val):
                logs["val_accuracy"] = accuracy(model, x_val, y_val)
            context.log_epoch(**logs)
            context.say(f"epoch {epoch}/{config['epochs']}: " + ", ".join(f"{k} {v:.4f}" for k, v in logs.items()))
            context.save_loop_state(epoch, _arrays(model, optimizer), rng=rng.bit_generator.state, seconds=seconds)
        test_accuracy = accuracy(model, x_test, y_test)
        test_loss = model.compute_loss(x_test, one_hot(y_test, num_classes))

    samples_per_second = config["epochs"] * len(y_train) / seconds
    # Training costs about three forward passes: 2 FLOPs per multiply-add, forward, and twice that backward.
    flops_per_sample = 3 * sum(2 * n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    history = context.history
    with context.output("weights.npz") as path:
        np.savez(path, *model.weights, *model.biases)
    context.record(layer_sizes=sizes, train_rows=len(y_train), validation_rows=len(y_val),
                   gflops=samples_per_second * flops_per_sample / 1e9)
    from keraslab.plots.learning_curves import plot_learning_curves

    plot_learning_curves(history, context.plot_path("learning_curves.png"),
                         title="NumPy MLP " + "-".join(map(str, sizes)))
    context.say(f"Test accuracy {test_accuracy:.4f} on {len(y_test)} images with a NumPy "
                f"{'-'.join(map(str, sizes))} network ({samples_per_second:,.0f} training samples/s). "
                "The course's Keras 784-784-100-10 reports 0.9775.")
    return {"test_accuracy": test_accuracy, "test_loss": test_loss, "samples_per_second": samples_per_second}


def _arrays(model, optimizer):
    """Everything that decides the next epoch: weights, biases and the momentum of each."""
    parameters = {f"w{i}": w for i, w in enumerate(model.weights)} | {f"b{i}": b for i, b in enumerate(model.biases)}
    velocities = {f"v{i}": v for i, v in enumerate(optimizer.velocities or [])}
    return parameters | velocities


def _resume(context, model, optimizer, rng):
    """(epochs done, training seconds so far), after loading the last checkpoint into the objects given."""
    saved = context.load_loop_state()
    if saved is None:
        return 0, 0.0
    epoch, arrays, values = saved
    for i in range(len(model.weights)):
        model.weights[i][...] = arrays[f"w{i}"]
        model.biases[i][...] = arrays[f"b{i}"]
    velocities = sorted((k for k in arrays if k.startswith("v")), key=lambda k: int(k[1:]))
    if velocities:
        optimizer.velocities = [arrays[k].copy() for k in velocities]
    rng.bit_generator.state = values["rng"]
    return epoch, values["seconds"]
