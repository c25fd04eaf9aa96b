"""Lesson: the seven activation functions and their derivatives, each checked by finite differences."""

import numpy as np

from keraslab.fundamentals.activations import ACTIVATIONS, softmax, softmax_jacobian
from keraslab.plots.save import save_figure

# Central differences with this step are accurate to about step^2 on smooth functions.
FINITE_DIFFERENCE_STEP = 1e-5
# Kinks (step, ReLU, leaky ReLU at 0) have no derivative; points this close to 0 are left out.
KINK_MARGIN = 1e-3
# The softmax picture: the first of three logits moves along z, the others stay put.
OTHER_LOGITS = (1.0, -1.0)


def run(config, context):
    z = np.linspace(config["z_min"], config["z_max"], config["num_points"])
    errors = {}
    for name, activation in ACTIVATIONS.items():
        if not activation.elementwise:
            continue
        smooth = z[np.abs(z) > KINK_MARGIN]
        numeric = (activation(smooth + FINITE_DIFFERENCE_STEP) - activation(smooth - FINITE_DIFFERENCE_STEP)) / (
            2 * FINITE_DIFFERENCE_STEP)
        errors[name] = float(np.max(np.abs(numeric - activation.derivative(smooth))))
    errors["softmax"] = _softmax_jacobian_error(np.random.default_rng(config["seed"]).standard_normal((16, 5)))

    for name, error in errors.items():
        context.say(f"{name:12s} derivative vs finite differences: max error {error:.1e}")
    context.say("Binary step has derivative 0 wherever it exists, so no gradient reaches the weights; sigmoid's "
                "is at most 0.25 and tanh's at most 1, which is why deep stacks of them shrink gradients; ReLU "
                "passes 1 for positive inputs and 0 otherwise, leaky ReLU keeps a small slope there. Softmax "
                "turns a vector into probabilities, and its derivative is a Jacobian, s_i (delta_ij - s_j).")
    context.record(derivative_errors=errors)
    _plot(z, context.plot_path("activations.png"))
    return {"max_derivative_error": max(v for k, v in errors.items() if k != "softmax"),
            "softmax_jacobian_error": errors["softmax"]}


def _softmax_jacobian_error(logits):
    """Largest difference between the analytic Jacobian and central differences, over a batch of vectors."""
    worst = 0.0
    for row in logits:
        numeric = np.empty((len(row), len(row)))
        for j in range(len(row)):
            step = np.zeros_like(row)
            step[j] = FINITE_DIFFERENCE_STEP
            numeric[:, j] = (softmax(row + step) - softmax(row - step)) / (2 * FINITE_DIFFERENCE_STEP)
        worst = max(worst, float(np.max(np.abs(numeric - softmax_jacobian(row)))))
    return worst


def _plot(z, path):
    from keraslab.plots import pyplot

    plt = pyplot()
    figure, axes = plt.subplots(2, 4, figsize=(14, 6.5))
    for axis, (name, activation) in zip(axes.flat, ACTIVATIONS.items()):
        if activation.elementwise:
            value, slope = activation(z), activation.derivative(z)
            title = name
        else:
            logits = np.stack([z, *[np.full_like(z, other) for other in OTHER_LOGITS]], axis=1)
            value, slope = softmax(logits)[:, 0], softmax_jacobian(logits)[:, 0, 0]
            title = f"softmax (first of z, {', '.join(map(str, OTHER_LOGITS))})"
        axis.plot(z, value, label="f(z)")
        axis.plot(z, slope, "--", label="f'(z)")
        axis.axhline(0, color="gray", linewidth=0.5)
        axis.set_title(title)
        axis.set_xlabel("z")
        axis.legend()
    axes.flat[-1].axis("off")
    figure.tight_layout()
    save_figure(figure, path)
