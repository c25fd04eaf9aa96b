"""Lesson: backpropagation by hand, then XOR and AND learned by a 2-2-1 sigmoid network."""

import numpy as np

from keraslab.fundamentals.backprop import (CHAIN_EXAMPLE, LOGIC_GATE_TARGETS, chain_error, chain_gradients,
                                            chain_update, train_logic_gate)
from keraslab.plots.save import save_figure


def run(config, context):
    example = {k: v for k, v in CHAIN_EXAMPLE.items() if k != "learning_rate"}
    gradients = chain_gradients(**example)
    gradient_error = max(abs(gradients[name] - _finite_difference(example, name)) for name in gradients)
    updated = chain_update(**example, learning_rate=CHAIN_EXAMPLE["learning_rate"])
    context.say("The course's chain (x1 = 0.1, target 0.25, learning rate 0.4): one step of backpropagation gives "
                + ", ".join(f"{name} = {value:.4f}" for name, value in updated.items())
                + f"; the hand-derived gradients match finite differences to {gradient_error:.1e}.")

    results = {}
    for gate in ("xor", "and"):
        results[gate] = train_logic_gate(LOGIC_GATE_TARGETS[gate], config["learning_rate"], config["max_epochs"],
                                         config["tolerance"], config["num_hidden"], seed=config["seed"])
        outcome = results[gate]
        solved = (f"mean absolute error {outcome['mean_abs_error']:.4f} after {outcome['epochs_to_solve']:,} epochs"
                  if outcome["epochs_to_solve"] else
                  f"not solved in {config['max_epochs']:,} epochs "
                  f"(mean absolute error {outcome['mean_abs_error']:.4f}); "
                  "a 2-2-1 network can stall in a local minimum: try another --set seed")
        context.say(f"{gate.upper()}: {solved}; outputs {np.round(outcome['predictions'], 3).tolist()} "
                    f"for targets {LOGIC_GATE_TARGETS[gate].astype(int).tolist()}.")
    context.say("The course reports XOR at mean absolute error 0.0087 after 180,000 epochs at learning rate 0.1.")

    _plot(results, context.plot_path("logic_gates.png"))
    context.record(chain_update=updated, xor_predictions=results["xor"]["predictions"].tolist(),
                   and_predictions=results["and"]["predictions"].tolist())
    xor, gate_and = results["xor"], results["and"]
    return {"mean_abs_error": xor["mean_abs_error"],
            "epochs_to_solve": float(xor["epochs_to_solve"] or xor["epochs_run"]),
            "and_mean_abs_error": gate_and["mean_abs_error"],
            "and_epochs_to_solve": float(gate_and["epochs_to_solve"] or gate_and["epochs_run"]),
            "chain_gradient_error": float(gradient_error)}


def _finite_difference(example, name, step=1e-6):
    up, down = dict(example), dict(example)
    up[name] += step
    down[name] -= step
    return (chain_error(**up) - chain_error(**down)) / (2 * step)


def _plot(results, path):
    from keraslab.plots import pyplot

    plt = pyplot()
    figure, axis = plt.subplots(figsize=(6, 4))
    for gate, outcome in results.items():
        axis.plot(outcome["epochs"], outcome["errors"], label=gate.upper())
    axis.set_yscale("log")
    axis.set_xlabel("epoch")
    axis.set_ylabel("mean absolute error")
    axis.set_title("A 2-2-1 sigmoid network learning logic gates")
    axis.legend()
    figure.tight_layout()
    save_figure(figure, path)
