"""A Bernoulli restricted Boltzmann machine trained by contrastive divergence (CD-k).

Binary visible units v and hidden units h share an energy E(v, h) = -v W h - b v - c h; the
machine assigns p(v, h) proportional to e^-E. With no links inside a layer, each layer given the
other is independent:

    p(h = 1 | v) = sigmoid(v W + c),    p(v = 1 | h) = sigmoid(h W^T + b)

The log-likelihood gradient is <v h>_data - <v h>_model. CD-k estimates the second term by k steps
of Gibbs sampling started at the data: cheap, biased, and good enough to learn useful features.
Like an autoencoder it encodes (v -> h) and decodes (h -> v), but it is trained as a generative model.
"""

import numpy as np

from keraslab.fundamentals.activations import sigmoid


class BernoulliRBM:
    def __init__(self, num_visible, num_hidden, seed=0, dtype="float32"):
        self.rng = np.random.default_rng(seed)
        # Small random weights break the symmetry between hidden units; the biases start at zero.
        self.weights = (0.01 * self.rng.standard_normal((num_visible, num_hidden))).astype(dtype)
        self.visible_bias = np.zeros(num_visible, dtype=dtype)
        self.hidden_bias = np.zeros(num_hidden, dtype=dtype)

    def hidden_probabilities(self, v):
        return sigmoid(v @ self.weights + self.hidden_bias)

    def visible_probabilities(self, h):
        return sigmoid(h @ self.weights.T + self.visible_bias)

    def sample(self, probabilities):
        return (self.rng.random(probabilities.shape, dtype=probabilities.dtype) < probabilities).astype(
            probabilities.dtype)

    def gibbs_step(self, v):
        """v -> h -> v': one round trip, sampling both layers."""
        return self.sample(self.visible_probabilities(self.sample(self.hidden_probabilities(v))))

    def free_energy(self, v):
        """F(v) = -b v - sum_j log(1 + e^(v W + c)_j): lower for data the machine finds likely."""
        return -v @ self.visible_bias - np.sum(np.logaddexp(0, v @ self.weights + self.hidden_bias), axis=1)

    def contrastive_divergence(self, v0, learning_rate, cd_steps=1):
        """One CD-k update from the batch v0; returns its reconstruction error before the update."""
        h0 = self.hidden_probabilities(v0)
        v, h = v0, h0
        for _ in range(cd_steps):
            v = self.visible_probabilities(self.sample(h))
            h = self.hidden_probabilities(v)
        # Positive phase (data) minus negative phase (the machine's own reconstructions), per example.
        batch = len(v0)
        self.weights += learning_rate * (v0.T @ h0 - v.T @ h) / batch
        self.visible_bias += learning_rate * np.mean(v0 - v, axis=0)
        self.hidden_bias += learning_rate * np.mean(h0 - h, axis=0)
        return float(np.mean((v0 - v) ** 2))

    def reconstruction_error(self, v):
        """Mean squared difference between v and p(v | h), with h ~ p(h | v)."""
        return float(np.mean((v - self.visible_probabilities(self.sample(self.hidden_probabilities(v)))) ** 2))

    def transform(self, v):
        """Hidden-unit probabilities: the features another model can learn from."""
        return self.hidden_probabilities(v)

    def generate(self, v, num_steps):
        """Run the Gibbs chain `num_steps` round trips from v; returns the final visible probabilities."""
        for _ in range(num_steps - 1):
            v = self.gibbs_step(v)
        return self.visible_probabilities(self.sample(self.hidden_probabilities(v)))
