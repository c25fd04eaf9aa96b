"""Fundamentals from first principles, in NumPy only: what Keras does for you, written like the maths.

    neuron.py             z = sum(w x) + b, a = sigmoid(z); a network of such nodes, forward propagated
    gradient_descent.py   w <- w - learning_rate * dJ/dw on the course's z = 2x example
    backprop.py           the two-neuron chain's gradients, and XOR/AND with a 2-2-1 sigmoid network
    activations.py        the course's seven activation functions with their derivatives
    losses.py             mean squared error, binary and softmax cross-entropy with their gradients
    mlp.py                a general multilayer perceptron: any depth, mini-batch SGD with momentum
    rbm.py                a Bernoulli restricted Boltzmann machine trained by contrastive divergence

Nothing here imports Keras; the tests compare these against Keras and against finite differences.
"""
