"""Lesson: a neuron computes z = sum(w x) + b and a = sigmoid(z); a network forward propagates."""

import numpy as np

from keraslab.fundamentals.activations import sigmoid
from keraslab.fundamentals.neuron import forward_propagate, initialize_network, worked_example
from keraslab.plots.save import save_figure


def run(config, context):
    chain = worked_example(config["x1"], config["w1"], config["b1"], config["w2"], config["b2"])
    context.say(f"Neuron 1: z1 = {config['w1']} * {config['x1']} + {config['b1']} = {chain['z1']:.4f}, "
                f"a1 = sigmoid(z1) = {chain['a1']:.4f}.")
    context.say(f"Neuron 2, fed by a1: z2 = {config['w2']} * {chain['a1']:.4f} + {config['b2']} = {chain['z2']:.4f}, "
                f"a2 = sigmoid(z2) = {chain['a2']:.4f}.")

    hidden = [int(n) for n in config["hidden_units"]]
    network = initialize_network(config["num_inputs"], len(hidden), hidden, config["num_nodes_output"],
                                 seed=config["seed"])
    inputs = np.random.default_rng(config["seed"] + 1).uniform(size=config["num_inputs"])
    outputs = forward_propagate(network, inputs)
    shape = " -> ".join(str(n) for n in [config["num_inputs"], *hidden, config["num_nodes_output"]])
    context.say(f"A {shape} network (weights uniform in [0, 1), seed {config['seed']}) maps inputs "
                f"{np.round(inputs, 2).tolist()} to {np.round(outputs, 4).tolist()}.")
    context.record(network_inputs=inputs.tolist(), network_outputs=outputs.tolist())

    _plot_chain(chain, context.plot_path("neuron_chain.png"))
    return {"z": chain["z1"], "a": chain["a1"], "z2": chain["z2"], "a2": chain["a2"]}


def _plot_chain(chain, path):
    from keraslab.plots import pyplot

    plt = pyplot()
    figure, axis = plt.subplots(figsize=(6, 4))
    z = np.linspace(-6, 6, 241)
    axis.plot(z, sigmoid(z), color="gray", label="a = sigmoid(z)")
    for index in (1, 2):
        zi, ai = chain[f"z{index}"], chain[f"a{index}"]
        axis.plot([zi], [ai], "o", label=f"neuron {index}: z = {zi:.4f}, a = {ai:.4f}")
    axis.set_xlabel("weighted sum z")
    axis.set_ylabel("activation a")
    axis.set_title("The course's worked example on the sigmoid")
    axis.legend()
    figure.tight_layout()
    save_figure(figure, path)
