"""Lesson: gradient descent on z = 2x; the learning rate decides between crawling and diverging."""

import numpy as np

from keraslab.fundamentals.gradient_descent import cost, descend, steps_to_converge
from keraslab.plots.save import save_figure

# The course's data come from z = 2x: the answer gradient descent should find.
TRUE_W = 2.0


def run(config, context):
    x = np.linspace(-2, 2, config["num_points"])
    z = TRUE_W * x
    # For this cost the error shrinks by |1 - 2 lr mean(x^2)| per step: above 1 / mean(x^2) it grows.
    diverges_above = 1 / np.mean(x ** 2)
    rates = sorted({float(r) for r in config["compare_learning_rates"]} | {config["learning_rate"]})
    paths = {rate: descend(x, z, rate, config["num_steps"]) for rate in rates}

    for rate, path in paths.items():
        steps = steps_to_converge(path, TRUE_W, config["tolerance"])
        if steps is not None:
            verdict = f"reaches |w - 2| <= {config['tolerance']:g} in {steps} step{'' if steps == 1 else 's'}"
        else:
            verdict = "diverges" if abs(path[-1] - TRUE_W) > TRUE_W else "is still on its way"
        context.say(f"learning rate {rate:g}: w = {path[-1]:.4g} after {config['num_steps']} steps; {verdict}.")
    context.say(f"Here any learning rate above 1 / mean(x^2) = {diverges_above:.3g} diverges.")

    path = paths[config["learning_rate"]]
    steps = steps_to_converge(path, TRUE_W, config["tolerance"])
    context.record(diverges_above=float(diverges_above),
                   final_w={f"{rate:g}": float(p[-1]) for rate, p in paths.items()})
    _plot(x, z, paths, context.plot_path("gradient_descent.png"))
    return {"w": float(path[-1]), "cost": float(cost(path[-1], x, z)),
            "steps_to_converge": float(steps if steps is not None else config["num_steps"]),
            "converged": float(steps is not None)}


def _plot(x, z, paths, path_out):
    from keraslab.plots import pyplot

    plt = pyplot()
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    grid = np.linspace(-0.5, 4.5, 201)
    left.plot(grid, [cost(w, x, z) for w in grid], color="gray", label="J(w)")
    for rate, path in paths.items():
        shown = path[np.abs(path - TRUE_W) < 3]  # a diverging path leaves the picture
        left.plot(shown, [cost(w, x, z) for w in shown], "o-", markersize=3, label=f"lr {rate:g}")
        right.plot(np.clip(path, -2, 6), label=f"lr {rate:g}")
    left.set_xlabel("w")
    left.set_ylabel("J(w) = mean((z - w x)^2)")
    left.set_title("Steps on the cost curve")
    left.legend()
    right.axhline(TRUE_W, color="gray", linestyle=":")
    right.set_xlabel("step")
    right.set_ylabel("w (clipped to [-2, 6])")
    right.set_title("Too small crawls, too large diverges")
    right.legend()
    figure.tight_layout()
    save_figure(figure, path_out)
