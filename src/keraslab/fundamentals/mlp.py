"""A multilayer perceptron with backpropagation, vectorised over the batch.

Forward, for each layer l with weights W_l (inputs x outputs) and bias b_l:

    z_l = a_{l-1} W_l + b_l,    a_l = f_l(z_l),    a_0 = x

Backward, from delta_L = dLoss/dz_L at the output down to the first layer:

    dLoss/dW_l = a_{l-1}^T delta_l,    dLoss/db_l = sum over the batch of delta_l,
    delta_{l-1} = (delta_l W_l^T) * f'_{l-1}(z_{l-1})

Rows are examples, so one matrix product handles the whole mini-batch. Given the same weights,
data and optimizer this computes what Keras computes (tests/fundamentals/test_mlp_keras.py).
"""

import numpy as np

from keraslab.fundamentals.activations import get_activation
from keraslab.fundamentals.losses import get_loss

INITIALIZERS = ("glorot_uniform", "he_normal", "normal", "uniform")


def initial_weights(fan_in, fan_out, init, rng):
    """A (fan_in, fan_out) weight matrix.

    glorot_uniform keeps the variance of activations and gradients equal across layers (Keras' default);
    he_normal doubles it for ReLU, which zeroes half its inputs; normal (standard normal) and uniform
    (in [0, 1), as the course's first network) are the naive choices the vanishing-gradient lesson contrasts.
    """
    if init == "glorot_uniform":
        limit = np.sqrt(6 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_in, fan_out))
    if init == "he_normal":
        return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in)
    if init == "normal":
        return rng.standard_normal((fan_in, fan_out))
    if init == "uniform":
        return rng.uniform(size=(fan_in, fan_out))
    raise ValueError(f"Unknown init '{init}'. Available: {', '.join(INITIALIZERS)}.")


def one_hot(labels, num_classes, dtype="float32"):
    return np.eye(num_classes, dtype=dtype)[np.asarray(labels)]


class MLP:
    """Dense layers of sizes `layer_sizes` ([inputs, hidden..., outputs]), one activation per layer."""

    def __init__(self, layer_sizes, activations, loss="mse", init="glorot_uniform", seed=0, dtype="float32"):
        if len(activations) != len(layer_sizes) - 1:
            raise ValueError(f"{len(layer_sizes) - 1} layers ({layer_sizes}) need {len(layer_sizes) - 1} "
                             f"activations, got {len(activations)}: {list(activations)}.")
        self.layer_sizes = [int(size) for size in layer_sizes]
        self.activations = [get_activation(name) for name in activations]
        self.loss = get_loss(loss)
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)
        self.weights = [initial_weights(n_in, n_out, init, rng).astype(self.dtype)
                        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:])]
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.layer_sizes[1:]]

    @property
    def parameters(self):
        return self.weights + self.biases

    def forward(self, x):
        """The output, and per layer its input a_{l-1} and weighted sum z_l (what backward needs)."""
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 2 or x.shape[1] != self.layer_sizes[0]:
            raise ValueError(f"Input of shape {x.shape} does not fit weights of shape {self.weights[0].shape}: "
                             f"expected (batch, {self.layer_sizes[0]}).")
        a, cache = x, []
        for weights, bias, activation in zip(self.weights, self.biases, self.activations):
            z = a @ weights + bias
            cache.append((a, z))
            a = activation(z)
        return a, cache

    def predict(self, x, batch_size=4096):
        return np.concatenate([self.forward(x[i:i + batch_size])[0] for i in range(0, len(x), batch_size)])

    def compute_loss(self, x, y):
        return float(self.loss.function(np.asarray(y, dtype=self.dtype), self.forward(x)[0]))

    def gradients(self, x, y):
        """(loss, [dLoss/dW_l], [dLoss/db_l]) on one batch."""
        y = np.asarray(y, dtype=self.dtype)
        output, cache = self.forward(x)
        if y.shape != output.shape:
            raise ValueError(f"Targets of shape {y.shape} do not match outputs of shape {output.shape}.")
        loss = float(self.loss.function(y, output))
        delta = self._output_delta(y, output, cache[-1][1])
        weight_grads, bias_grads = [None] * len(self.weights), [None] * len(self.weights)
        for layer in reversed(range(len(self.weights))):
            a_previous, _ = cache[layer]
            weight_grads[layer] = a_previous.T @ delta
            bias_grads[layer] = delta.sum(axis=0)
            if layer:
                delta = self.activations[layer - 1].backward(cache[layer - 1][1], delta @ self.weights[layer].T)
        return loss, weight_grads, bias_grads

    def _output_delta(self, y, output, z):
        if self.loss.paired_activation == self.activations[-1].name:
            # Cross-entropy after its own squashing function: the chain rule collapses to p - y.
            return (output - y) / (output.size if self.loss.mean_over_elements else len(output))
        return self.activations[-1].backward(z, self.loss.gradient(y, output))

    def train_step(self, x, y, optimizer):
        """One gradient step on one batch; returns the batch's loss before the step."""
        loss, weight_grads, bias_grads = self.gradients(x, y)
        optimizer.apply(self.parameters, weight_grads + bias_grads, num_weights=len(self.weights))
        return loss


class SGD:
    """Mini-batch SGD with momentum, as Keras defines it: v <- momentum v - lr g; p <- p + v.

    weight_decay shrinks weight matrices (not biases) by lr * weight_decay * w each step.
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, weight_decay=0.0):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.velocities = None

    def apply(self, parameters, gradients, num_weights=0):
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in parameters]
        for index, (parameter, gradient, velocity) in enumerate(zip(parameters, gradients, self.velocities)):
            if self.weight_decay and index < num_weights:
                parameter -= self.learning_rate * self.weight_decay * parameter
            velocity *= self.momentum
            velocity -= self.learning_rate * gradient
            parameter += velocity  # in place, so the model's arrays change


def train_epoch(model, x, y, batch_size, optimizer, rng=None):
    """One pass over (x, y) in mini-batches, shuffled by `rng` if given; returns the mean batch loss."""
    order = rng.permutation(len(x)) if rng is not None else np.arange(len(x))
    losses = []
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        losses.append(model.train_step(x[batch], y[batch], optimizer))
    return float(np.mean(losses))


def accuracy(model, x, labels):
    return float(np.mean(np.argmax(model.predict(x), axis=1) == labels))
