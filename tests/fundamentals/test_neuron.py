"""The course's worked example comes out exactly; the network vocabulary behaves like the matrix maths."""

import numpy as np
import pytest

from keraslab.fundamentals.activations import sigmoid
from keraslab.fundamentals.neuron import (compute_weighted_sum, forward_propagate, initialize_network,
                                          node_activation, worked_example)


def test_worked_example_matches_the_course():
    chain = worked_example()
    assert chain["z1"] == pytest.approx(0.415, abs=1e-12)
    assert round(chain["a1"], 4) == 0.6023
    assert round(chain["z2"], 4) == 0.9210
    assert round(chain["a2"], 4) == 0.7153


def test_node_is_weighted_sum_then_sigmoid():
    x, w, b = np.array([0.5, -1.0, 2.0]), np.array([0.1, 0.2, 0.3]), 0.05
    assert compute_weighted_sum(x, w, b) == pytest.approx(0.05 - 0.2 + 0.6 + 0.05)
    assert node_activation(0.0) == 0.5
    assert node_activation(2.0) == pytest.approx(1 / (1 + np.exp(-2.0)))


def test_initialize_network_has_the_course_layout_and_is_seeded():
    network = initialize_network(5, 3, [3, 2, 3], 3, seed=1)
    assert list(network) == ["layer_1", "layer_2", "layer_3", "output"]
    assert [len(layer) for layer in network.values()] == [3, 2, 3, 3]
    assert network["layer_2"]["node_1"]["weights"].shape == (3,)
    again = initialize_network(5, 3, [3, 2, 3], 3, seed=1)
    assert np.array_equal(network["output"]["node_3"]["weights"], again["output"]["node_3"]["weights"])


def test_forward_propagate_equals_matrix_form():
    network = initialize_network(4, 2, [3, 2], 2, seed=7)
    x = np.array([0.2, 0.4, 0.6, 0.8])
    a = x
    for layer in network.values():
        weights = np.stack([node["weights"] for node in layer.values()])
        biases = np.array([node["bias"] for node in layer.values()])
        a = sigmoid(weights @ a + biases)
    assert np.allclose(forward_propagate(network, x), a, atol=1e-12)


def test_weights_that_do_not_fit_the_inputs_name_both_shapes():
    with pytest.raises(ValueError, match=r"Weights of shape \(3,\) cannot weigh inputs of shape \(2,\)"):
        compute_weighted_sum([0.1, 0.2], [0.1, 0.2, 0.3], 0.0)
    network = initialize_network(3, 1, [2], 1)
    with pytest.raises(ValueError, match=r"shape \(3,\).*shape \(2,\)"):
        forward_propagate(network, [0.1, 0.2])


def test_hidden_counts_must_match_the_layers():
    with pytest.raises(ValueError, match="num_nodes_hidden has 2 counts for 3 hidden layers"):
        initialize_network(4, 3, [2, 2], 1)
