"""A neuron and forward propagation, in the course's vocabulary.

A node takes inputs x, weighs them and adds a bias, z = sum(w x) + b, then squashes the weighted
sum with the sigmoid, a = 1 / (1 + e^-z). A network is layers of such nodes; forward propagation
feeds each layer's outputs to the next layer as its inputs.

The course's worked example: x1 = 0.1, w1 = 0.15, b1 = 0.4 gives z1 = 0.415 and a1 = 0.6023; a
second neuron with w2 = 0.45, b2 = 0.65 fed by a1 gives z2 = 0.921 and a2 = 0.7153.
"""

import numpy as np

from keraslab.fundamentals.activations import sigmoid

# The course's worked example: one input, two neurons in a chain.
WORKED_EXAMPLE = {"x1": 0.1, "w1": 0.15, "b1": 0.4, "w2": 0.45, "b2": 0.65}


def compute_weighted_sum(inputs, weights, bias):
    """z = sum(w x) + b for one node."""
    inputs, weights = np.asarray(inputs, dtype=float), np.asarray(weights, dtype=float)
    if inputs.shape != weights.shape:
        raise ValueError(f"Weights of shape {weights.shape} cannot weigh inputs of shape {inputs.shape}: "
                         "a node needs one weight per input.")
    return float(np.sum(inputs * weights) + bias)


def node_activation(weighted_sum):
    """a = sigmoid(z)."""
    return float(sigmoid(np.float64(weighted_sum)))


def worked_example(x1=0.1, w1=0.15, b1=0.4, w2=0.45, b2=0.65):
    """The course's two neurons in a chain: {'z1', 'a1', 'z2', 'a2'}."""
    z1 = compute_weighted_sum([x1], [w1], b1)
    a1 = node_activation(z1)
    z2 = compute_weighted_sum([a1], [w2], b2)
    a2 = node_activation(z2)
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2}


def initialize_network(num_inputs, num_hidden_layers, num_nodes_hidden, num_nodes_output, seed=0):
    """{'layer_1': {'node_1': {'weights', 'bias'}, ...}, ..., 'output': {...}}, weights uniform in [0, 1).

    `num_nodes_hidden` is one count per hidden layer (an int repeats it for every layer).
    """
    if isinstance(num_nodes_hidden, int):
        num_nodes_hidden = [num_nodes_hidden] * num_hidden_layers
    if len(num_nodes_hidden) != num_hidden_layers:
        raise ValueError(f"num_nodes_hidden has {len(num_nodes_hidden)} counts for {num_hidden_layers} hidden "
                         "layers; give one count per hidden layer.")
    rng = np.random.default_rng(seed)
    network = {}
    num_nodes_previous = num_inputs
    for layer in range(num_hidden_layers + 1):
        is_output = layer == num_hidden_layers
        layer_name = "output" if is_output else f"layer_{layer + 1}"
        num_nodes = num_nodes_output if is_output else num_nodes_hidden[layer]
        network[layer_name] = {
            f"node_{node + 1}": {"weights": rng.uniform(size=num_nodes_previous), "bias": rng.uniform()}
            for node in range(num_nodes)
        }
        num_nodes_previous = num_nodes
    return network


def forward_propagate(network, inputs):
    """The output layer's activations, each layer's outputs being the next layer's inputs."""
    layer_inputs = np.asarray(inputs, dtype=float)
    for layer in network.values():
        layer_inputs = np.array([node_activation(compute_weighted_sum(layer_inputs, node["weights"], node["bias"]))
                                 for node in layer.values()])
    return layer_inputs
