"""Lesson: in a deep stack of sigmoids the first layers barely learn, because the gradient they
receive is a product of one derivative per layer above them, each at most 0.25.

A network of `num_layers` Dense layers is built for every (activation, initialisation) pair; the
norm of each layer's weight gradient is measured on one fixed batch at initialisation and after
every epoch of training. `scaled` initialisation is Glorot for sigmoid, tanh and linear, He for
(leaky) ReLU: the scales that keep signal variance constant from layer to layer.
"""


import numpy as np

from keraslab.fundamentals.mlp import MLP, SGD, accuracy, one_hot, train_epoch
from keraslab.tasks.fundamentals import blas_threads, image_vectors
from keraslab.plots.save import save_figure

# Gradients are measured on the same examples every time, so changes come from the weights alone.
PROBE_BATCH = 256
MOMENTUM = 0.9


def scaled_init(activation):
    return "he_normal" if activation in ("relu", "leaky_relu") else "glorot_uniform"


def layer_gradient_norms(model, x, y):
    _, weight_grads, _ = model.gradients(x, y)
    return np.array([np.linalg.norm(grad) for grad in weight_grads])


def run(config, context):
    x_train, y_train, x_test, y_test, class_names = image_vectors(config)
    targets = one_hot(y_train, len(class_names))
    probe_x, probe_y = x_train[:PROBE_BATCH], targets[:PROBE_BATCH]
    sizes = [x_train.shape[1]] + [config["units"]] * (config["num_layers"] - 1) + [len(class_names)]

    runs, metrics = {}, {}
    with blas_threads(config["blas_threads"]):
        for activation in config["activations"]:
            for init in config["inits"]:
                model = MLP(sizes, [activation] * (len(sizes) - 2) + ["softmax"], "categorical_crossentropy",
                            init=scaled_init(activation) if init == "scaled" else init, seed=config["seed"])
                optimizer = SGD(config["learning_rate"], MOMENTUM)
                rng = np.random.default_rng(config["seed"])
                with np.errstate(all="ignore"):  # naive initialisations may overflow; that is the lesson
                    norms = [layer_gradient_norms(model, probe_x, probe_y)]
                    for _ in range(config["epochs"]):
                        train_epoch(model, x_train, targets, config["batch_size"], optimizer, rng)
                        norms.append(layer_gradient_norms(model, probe_x, probe_y))
                    test_accuracy = accuracy(model, x_test, y_test)
                runs[(activation, init)] = np.array(norms)
                prefix = activation if init == "scaled" else f"{activation}_{init}_init"
                metrics[f"{prefix}_first_to_last_grad_ratio"] = float(norms[0][0] / norms[0][-1])
                metrics[f"{prefix}_test_accuracy"] = test_accuracy

    _explain(context, runs, metrics, config)
    context.write_table("gradient_norms.csv", _norm_columns(runs))
    _plot(runs, context.plot_path("gradient_norms.png"), config["epochs"])
    return metrics


def _explain(context, runs, metrics, config):
    context.say(f"Weight-gradient norm per layer (layer 1 is next to the input, layer {config['num_layers']} "
                "the output), at initialisation and after training:")
    header = "".join(f"{f'L{i + 1}':>9s}" for i in range(config["num_layers"]))
    context.say(f"{'activation/init':24s}{'when':>7s}{header}  first/last  test acc")
    for (activation, init), norms in runs.items():
        prefix = activation if init == "scaled" else f"{activation}_{init}_init"
        for label, row in (("init", norms[0]), ("trained", norms[-1])):
            ratio = row[0] / row[-1] if row[-1] else float("nan")
            accuracy_text = f"{metrics[prefix + '_test_accuracy']:.3f}" if label == "trained" else ""
            context.say(f"{activation + '/' + init:24s}{label:>7s}" + "".join(f"{v:9.1e}" for v in row)
                        + f"  {ratio:10.1e}  {accuracy_text}")
    context.say("Sigmoid's derivative is at most 0.25, so every layer it passes shrinks the gradient and the first "
                "layers learn far more slowly than the last. Glorot's scale assumes a slope of 1 at 0 (as tanh has), "
                "so it keeps tanh's norms level but does not rescue sigmoid; He's scale does the same for ReLU. A "
                "standard-normal start makes tanh's gradients grow towards the input and ReLU's explode everywhere.")


def _norm_columns(runs):
    """One row per (activation, init, epoch): the weight-gradient norm of every layer."""
    num_layers = next(iter(runs.values())).shape[1]
    columns = {"activation": [], "init": [], "epoch": [], **{f"layer_{i + 1}": [] for i in range(num_layers)}}
    for (activation, init), norms in runs.items():
        for epoch, row in enumerate(norms):
            columns["activation"].append(activation)
            columns["init"].append(init)
            columns["epoch"].append(epoch)
            for i, value in enumerate(row):
                columns[f"layer_{i + 1}"].append(f"{value:.6g}")
    return columns


def _plot(runs, path, epochs):
    from keraslab.plots import pyplot

    plt = pyplot()
    panels = [(0, "at initialisation")] + ([(-1, f"after {epochs} epochs")] if epochs else [])
    figure, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4.5), squeeze=False)
    colors = {activation: f"C{i}" for i, activation in enumerate(dict.fromkeys(a for a, _ in runs))}
    for axis, (when, title) in zip(axes[0], panels):
        for (activation, init), norms in runs.items():
            row = norms[when]
            layers = np.arange(1, len(row) + 1)
            finite = np.isfinite(row) & (row > 0)
            axis.plot(layers[finite], row[finite], "o-" if init == "scaled" else "x--", color=colors[activation],
                      label=f"{activation}, {init}")
        axis.set_yscale("log")
        axis.set_xlabel("layer (1 = next to the input)")
        axis.set_ylabel("||dLoss/dW||")
        axis.set_title(f"Gradient norm per layer, {title}")
        axis.legend(fontsize=8)
    figure.tight_layout()
    save_figure(figure, path)
