"""The seven activations: derivatives against finite differences, values and slopes against keras.activations."""

import numpy as np
import pytest

from keraslab.fundamentals.activations import ACTIVATIONS, LEAKY_RELU_SLOPE, get_activation, softmax, softmax_jacobian

STEP = 1e-6
# Points away from the kinks at 0, where step, ReLU and leaky ReLU have no derivative.
Z = np.concatenate([np.linspace(-6, -1e-3, 200), np.linspace(1e-3, 6, 200)])


def central_difference(function, z, step=STEP):
    return (function(z + step) - function(z - step)) / (2 * step)


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.elementwise])
def test_derivative_equals_finite_difference(name):
    activation = ACTIVATIONS[name]
    assert np.allclose(activation.derivative(Z), central_difference(activation, Z), atol=1e-7)


def test_softmax_jacobian_equals_finite_difference():
    rng = np.random.default_rng(0)
    for z in rng.standard_normal((5, 4)) * 3:
        numeric = np.stack([central_difference(lambda t: softmax(z + t * np.eye(4)[j]), 0.0) for j in range(4)], axis=1)
        assert np.allclose(softmax_jacobian(z), numeric, atol=1e-8)


def test_softmax_backward_is_gradient_times_jacobian():
    rng = np.random.default_rng(1)
    z, upstream = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    expected = np.einsum("bi,bij->bj", upstream, softmax_jacobian(z))
    assert np.allclose(get_activation("softmax").backward(z, upstream), expected)


def keras_functions():
    import keras

    return {
        "linear": keras.activations.linear,
        "sigmoid": keras.activations.sigmoid,
        "tanh": keras.activations.tanh,
        "relu": keras.activations.relu,
        "leaky_relu": lambda z: keras.activations.leaky_relu(z, negative_slope=LEAKY_RELU_SLOPE),
        "softmax": keras.activations.softmax,
    }


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"])
def test_values_and_slopes_agree_with_keras(name):
    import keras

    keras_function = keras_functions()[name]

    def through_keras(z):
        return keras.ops.convert_to_numpy(keras_function(keras.ops.convert_to_tensor(z, dtype="float64")))

    # JAX computes in float32 unless x64 is enabled: compare at the precision the backend gives.
    # In float32 the finite-difference step must be larger, and stay clear of the kinks at 0.
    exact = through_keras(Z).dtype == np.float64
    value_tolerance, step, slope_tolerance = (1e-12, STEP, 1e-6) if exact else (1e-6, 1e-2, 1e-4)
    z_slopes = Z if exact else Z[np.abs(Z) > 5 * step]
    if name == "softmax":
        z = np.random.default_rng(2).standard_normal((6, 4))
        assert np.allclose(softmax(z), through_keras(z), atol=value_tolerance)
        numeric = np.stack([central_difference(lambda t: through_keras(z + t * np.eye(4)[j]), 0.0, step)
                            for j in range(4)], axis=-1)
        assert np.allclose(softmax_jacobian(z), numeric, atol=slope_tolerance)
        return
    activation = ACTIVATIONS[name]
    assert np.allclose(activation(Z), through_keras(Z), atol=value_tolerance)
    assert np.allclose(activation.derivative(z_slopes), central_difference(through_keras, z_slopes, step),
                       atol=slope_tolerance)


def test_binary_step_is_a_threshold_with_zero_slope():
    step = ACTIVATIONS["binary_step"]
    assert step(np.array([-2.0, -1e-9, 0.0, 3.0])).tolist() == [0.0, 0.0, 1.0, 1.0]
    assert not step.derivative(Z).any()


def test_sigmoid_is_stable_for_large_inputs():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        values = ACTIVATIONS["sigmoid"](np.array([-1000.0, 0.0, 1000.0]))
    assert values.tolist() == [0.0, 0.5, 1.0]


def test_unknown_activation_lists_the_available_ones():
    with pytest.raises(ValueError, match="Unknown activation 'relu6'. Available: binary_step, linear, sigmoid, "
                                         "tanh, relu, leaky_relu, softmax"):
        get_activation("relu6")
