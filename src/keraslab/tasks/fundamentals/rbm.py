"""Lesson: a restricted Boltzmann machine learns features of binarised digits without labels.

Trained by contrastive divergence, its reconstruction error falls; Gibbs sampling draws digits from
it; and its hidden units feed a logistic-regression classifier that sees only `num_labels` labels,
compared with the same classifier on raw pixels.
"""

import time

import numpy as np

from keraslab.fundamentals.mlp import MLP, SGD, accuracy, one_hot, train_epoch
from keraslab.fundamentals.rbm import BernoulliRBM
from keraslab.tasks.fundamentals import blas_threads, image_vectors
from keraslab.plots.save import save_figure

# Pixels brighter than half are "on": the visible units are binary.
BINARY_THRESHOLD = 0.5
# The classifier on top: softmax regression trained long enough to converge on a small labelled set.
CLASSIFIER_EPOCHS = 100
CLASSIFIER_BATCH_SIZE = 32
CLASSIFIER_LEARNING_RATE = 0.1
CLASSIFIER_WEIGHT_DECAY = 1e-4
# Gibbs chains drawn in the samples picture, and the steps at which they are shown.
NUM_CHAINS = 8


def run(config, context):
    x_train, y_train, x_test, y_test, class_names = image_vectors(config)
    v_train = (x_train > BINARY_THRESHOLD).astype("float32")
    v_test = (x_test > BINARY_THRESHOLD).astype("float32")
    rbm = BernoulliRBM(v_train.shape[1], config["num_hidden"], seed=config["seed"])
    rng = np.random.default_rng(config["seed"])

    with blas_threads(config["blas_threads"]):
        start_error = rbm.reconstruction_error(v_test)
        done, seconds = _resume(context, rbm, rng)
        for epoch in range(done + 1, config["epochs"] + 1):
            order = rng.permutation(len(v_train))
            started = time.perf_counter()
            errors = [rbm.contrastive_divergence(v_train[order[i:i + config["batch_size"]]], config["learning_rate"],
                                                 config["cd_steps"])
                      for i in range(0, len(order), config["batch_size"])]
            seconds += time.perf_counter() - started
            logs = {"reconstruction_error": float(np.mean(errors)),
                    "val_reconstruction_error": rbm.reconstruction_error(v_test)}
            context.log_epoch(**logs)
            context.say(f"epoch {epoch}/{config['epochs']}: reconstruction error "
                        f"{logs['reconstruction_error']:.4f} (test images {logs['val_reconstruction_error']:.4f})")
            context.save_loop_state(epoch, {"weights": rbm.weights, "visible_bias": rbm.visible_bias,
                                            "hidden_bias": rbm.hidden_bias},
                                    rng=rng.bit_generator.state, rbm_rng=rbm.rng.bit_generator.state, seconds=seconds)
        history = context.history
        samples_per_second = config["epochs"] * len(v_train) / seconds

        chains = _gibbs_chains(rbm, v_test[:NUM_CHAINS], config["gibbs_steps"])
        labelled = rng.choice(len(v_train), size=min(config["num_labels"], len(v_train)), replace=False)
        raw_accuracy = _classifier_accuracy(x_train[labelled], y_train[labelled], x_test, y_test,
                                            len(class_names), config["seed"])
        rbm_accuracy = _classifier_accuracy(rbm.transform(v_train[labelled]), y_train[labelled],
                                            rbm.transform(v_test), y_test, len(class_names), config["seed"])

    final_error = history["val_reconstruction_error"][-1]
    with context.output("rbm.npz") as path:
        np.savez(path, weights=rbm.weights, visible_bias=rbm.visible_bias, hidden_bias=rbm.hidden_bias)
    _plot_chains(chains, context.sample_path("gibbs_samples.png"))
    _plot_filters(rbm.weights, context.plot_path("filters.png"))
    from keraslab.plots.learning_curves import plot_learning_curves

    plot_learning_curves(history, context.plot_path("reconstruction_error.png"), title="RBM, CD-"
                         + str(config["cd_steps"]))
    winner = "the RBM's features" if rbm_accuracy > raw_accuracy else "raw pixels"
    context.say(f"Reconstruction error on test images fell from {start_error:.4f} to {final_error:.4f} "
                f"({samples_per_second:,.0f} images/s per CD-{config['cd_steps']} update).")
    context.say(f"Logistic regression with {len(labelled)} labels: {rbm_accuracy:.4f} on {config['num_hidden']} "
                f"RBM features, {raw_accuracy:.4f} on {x_train.shape[1]} raw pixels; {winner} win here.")
    context.record(labelled_images=len(labelled), gibbs_steps=config["gibbs_steps"])
    return {"reconstruction_error_start": start_error, "reconstruction_error": final_error,
            "rbm_features_accuracy": rbm_accuracy, "raw_pixels_accuracy": raw_accuracy,
            "samples_per_second": samples_per_second}


def _resume(context, rbm, rng):
    """(epochs done, training seconds so far), after loading the last checkpoint into `rbm` and `rng`."""
    saved = context.load_loop_state()
    if saved is None:
        return 0, 0.0
    epoch, arrays, values = saved
    rbm.weights, rbm.visible_bias, rbm.hidden_bias = arrays["weights"], arrays["visible_bias"], arrays["hidden_bias"]
    rng.bit_generator.state = values["rng"]
    rbm.rng.bit_generator.state = values["rbm_rng"]
    return epoch, values["seconds"]


def _classifier_accuracy(x, labels, x_test, labels_test, num_classes, seed):
    """Softmax regression (a network with no hidden layer) trained on (x, labels), scored on the test split."""
    model = MLP([x.shape[1], num_classes], ["softmax"], "categorical_crossentropy", seed=seed)
    optimizer = SGD(CLASSIFIER_LEARNING_RATE, momentum=0.9, weight_decay=CLASSIFIER_WEIGHT_DECAY)
    rng = np.random.default_rng(seed)
    targets = one_hot(labels, num_classes)
    for _ in range(CLASSIFIER_EPOCHS):
        train_epoch(model, x, targets, CLASSIFIER_BATCH_SIZE, optimizer, rng)
    return accuracy(model, x_test, labels_test)


def _gibbs_chains(rbm, start, num_steps):
    """Snapshots of chains started at `start`: after 0, 1, 10, 100, ... Gibbs round trips up to num_steps."""
    shown = sorted({0, num_steps} | {s for s in (1, 10, 100, 1000, 10000) if s < num_steps})
    snapshots, v, done = {0: start}, start, 0
    for step in shown[1:]:
        v = rbm.generate(v, step - done) if step - done > 1 else rbm.visible_probabilities(
            rbm.sample(rbm.hidden_probabilities(v)))
        snapshots[step] = v
        v = rbm.sample(v)  # the chain continues from a binary state
        done = step
    return snapshots


def _mosaic(images, columns, side, gap=2):
    """Square images (flattened) tiled row by row into one array, separated by `gap` blank pixels."""
    rows = int(np.ceil(len(images) / columns))
    mosaic = np.full((rows * (side + gap) - gap, columns * (side + gap) - gap), np.nan)
    for index, image in enumerate(images):
        top, left = divmod(index, columns)
        mosaic[top * (side + gap):top * (side + gap) + side, left * (side + gap):left * (side + gap) + side] = \
            image.reshape(side, side)
    return mosaic


def _plot_chains(snapshots, path):
    # One image of tiles rather than a grid of axes: a grid of 40 small axes takes seconds to draw.
    from keraslab.plots import pyplot

    plt = pyplot()
    steps = list(snapshots)
    side = int(round(np.sqrt(snapshots[0].shape[1])))
    tiles = [snapshots[step][chain] for chain in range(len(snapshots[0])) for step in steps]
    figure, axis = plt.subplots(figsize=(1.2 * len(steps) + 1, 1.2 * len(snapshots[0]) + 1))
    axis.imshow(_mosaic(tiles, len(steps), side), cmap="gray", vmin=0, vmax=1)
    axis.set_xticks([(side + 2) * i + side / 2 for i in range(len(steps))])
    axis.set_xticklabels(["test image" if step == 0 else f"step {step}" for step in steps], fontsize=8)
    axis.xaxis.tick_top()
    axis.set_yticks([])
    axis.set_title("Gibbs chains of the RBM, started at test digits")
    figure.tight_layout()
    save_figure(figure, path)


def _plot_filters(weights, path, count=64):
    from keraslab.plots import pyplot

    plt = pyplot()
    side = int(round(np.sqrt(weights.shape[0])))
    count = min(count, weights.shape[1])
    filters = weights[:, :count].T
    # Each filter scaled to [-1, 1] so that weak and strong units are equally visible.
    filters = filters / np.maximum(np.abs(filters).max(axis=1, keepdims=True), 1e-12)
    figure, axis = plt.subplots(figsize=(8, 8 * np.ceil(count / 8) / 8 + 0.5))
    axis.imshow(_mosaic(filters, 8, side), cmap="RdBu_r", vmin=-1, vmax=1)
    axis.set_xticks([])
    axis.set_yticks([])
    axis.set_title("What hidden units respond to (weights of the first units)")
    figure.tight_layout()
    save_figure(figure, path)
