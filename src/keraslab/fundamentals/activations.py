"""The course's seven activation functions, each with its derivative.

An elementwise activation a = f(z) has a derivative f'(z) of the same shape; backpropagation
multiplies the incoming gradient by it. Softmax mixes its inputs, so its derivative is a
Jacobian, J[i, j] = s_i (delta_ij - s_j), and backpropagation multiplies by that matrix.
"""

from dataclasses import dataclass

import numpy as np

# The course's leaky ReLU lets 1% of a negative input through (Keras' own default is 0.2).
LEAKY_RELU_SLOPE = 0.01


def binary_step(z):
    return np.where(z >= 0, 1.0, 0.0).astype(np.result_type(z, np.float32))


def binary_step_derivative(z):
    # Flat on both sides, undefined at 0: the reason the step function cannot be trained by gradients.
    return np.zeros_like(z, dtype=np.result_type(z, np.float32))


def linear(z):
    return z


def linear_derivative(z):
    return np.ones_like(z)


def sigmoid(z):
    # 1 / (1 + e^-z), written as exp(-log(1 + e^-z)) so that large |z| neither overflows nor divides by 0.
    return np.exp(-np.logaddexp(0, -z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    return np.tanh(z)


def tanh_derivative(z):
    return 1 - np.tanh(z) ** 2


def relu(z):
    return np.maximum(z, 0)


def relu_derivative(z):
    return (z > 0).astype(z.dtype)


def leaky_relu(z, negative_slope=LEAKY_RELU_SLOPE):
    return np.where(z > 0, z, negative_slope * z)


def leaky_relu_derivative(z, negative_slope=LEAKY_RELU_SLOPE):
    return np.where(z > 0, 1.0, negative_slope).astype(z.dtype)


def softmax(z, axis=-1):
    # Subtracting the maximum changes nothing mathematically and keeps exp() from overflowing.
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(z):
    """J[..., i, j] = d softmax(z)_i / d z_j = s_i (delta_ij - s_j), for z of shape (..., n)."""
    s = softmax(z)
    return s[..., :, None] * (np.eye(z.shape[-1], dtype=s.dtype) - s[..., None, :])


@dataclass(frozen=True)
class Activation:
    """An activation with its derivative, and `backward`: the gradient at z given the gradient at a."""

    name: str
    function: object
    derivative: object
    elementwise: bool = True

    def __call__(self, z):
        return self.function(z)

    def backward(self, z, grad_a):
        if self.elementwise:
            return grad_a * self.derivative(z)
        # grad_a @ J without forming J: s * (g - sum(g * s)) for each row.
        s = softmax(z)
        return s * (grad_a - np.sum(grad_a * s, axis=-1, keepdims=True))


ACTIVATIONS = {
    "binary_step": Activation("binary_step", binary_step, binary_step_derivative),
    "linear": Activation("linear", linear, linear_derivative),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative),
    "tanh": Activation("tanh", tanh, tanh_derivative),
    "relu": Activation("relu", relu, relu_derivative),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_derivative),
    "softmax": Activation("softmax", softmax, softmax_jacobian, elementwise=False),
}


def get_activation(name):
    if isinstance(name, Activation):
        return name
    if name not in ACTIVATIONS:
        raise ValueError(f"Unknown activation '{name}'. Available: {', '.join(ACTIVATIONS)}.")
    return ACTIVATIONS[name]
