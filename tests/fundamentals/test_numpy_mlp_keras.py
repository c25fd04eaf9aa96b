"""Same weights, same data, same optimizer: the NumPy MLP tracks Keras to 1e-5 over 100 SGD steps (float64)."""

import numpy as np
import pytest

from keraslab.fundamentals.mlp import MLP, SGD, one_hot

NUM_STEPS = 100
BATCH_SIZE = 16


@pytest.fixture
def float64_keras():
    import keras

    if keras.backend.backend() == "jax":
        # Measured: without JAX_ENABLE_X64 JAX computes in float32; with it, XLA's CPU tanh is off by 1.2e-7,
        # and a ReLU network that agrees to 1e-16 in a plain script drifted 1e-2 inside pytest (not yet explained).
        # TensorFlow and PyTorch agree to 1e-5; CI runs this file on TensorFlow.
        pytest.skip("Keras-on-JAX float64 training is not exact on CPU (see the comment)")
    previous = keras.config.floatx()
    keras.config.set_floatx("float64")
    yield keras
    keras.config.set_floatx(previous)


def keras_twin(keras, numpy_model, activations):
    from keras import layers

    inputs = keras.Input(shape=(numpy_model.layer_sizes[0],), dtype="float64")
    x = inputs
    for units, activation in zip(numpy_model.layer_sizes[1:], activations):
        x = layers.Dense(units, activation=activation, dtype="float64")(x)
    model = keras.Model(inputs, x)
    for layer, weights, bias in zip(model.layers[1:], numpy_model.weights, numpy_model.biases):
        layer.set_weights([weights, bias])
    return model


@pytest.mark.parametrize("loss, activations, momentum", [
    ("categorical_crossentropy", ["relu", "tanh", "softmax"], 0.9),
    ("binary_crossentropy", ["sigmoid", "relu", "sigmoid"], 0.0),
    ("mse", ["tanh", "leaky_relu", "linear"], 0.5),
    ("categorical_crossentropy", ["relu", "leaky_relu", "softmax"], 0.9),
])
def test_losses_agree_with_keras_over_100_steps(float64_keras, loss, activations, momentum):
    keras = float64_keras
    rng = np.random.default_rng(0)
    x = rng.standard_normal((NUM_STEPS * BATCH_SIZE // 4, 12))
    outputs = {"categorical_crossentropy": 4, "binary_crossentropy": 1, "mse": 2}[loss]
    if loss == "categorical_crossentropy":
        y = one_hot(rng.integers(0, outputs, len(x)), outputs, dtype="float64")
    elif loss == "binary_crossentropy":
        y = (x[:, :1] + x[:, 1:2] > 0).astype(float)
    else:
        y = np.stack([np.sin(x[:, 0]), x[:, 1] * x[:, 2]], axis=1)

    numpy_model = MLP([12, 16, 8, outputs], activations, loss, seed=1, dtype="float64")
    keras_activations = [{"leaky_relu": lambda z: keras.activations.leaky_relu(z, negative_slope=0.01)}.get(a, a)
                         for a in activations]
    keras_model = keras_twin(keras, numpy_model, keras_activations)
    keras_model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=momentum), loss=loss)
    optimizer = SGD(learning_rate=0.05, momentum=momentum)

    numpy_losses, keras_losses = [], []
    for step in range(NUM_STEPS):
        start = (step * BATCH_SIZE) % len(x)
        batch_x, batch_y = x[start:start + BATCH_SIZE], y[start:start + BATCH_SIZE]
        numpy_losses.append(numpy_model.train_step(batch_x, batch_y, optimizer))
        keras_losses.append(float(keras_model.train_on_batch(batch_x, batch_y)))
    assert np.max(np.abs(np.array(numpy_losses) - np.array(keras_losses))) < 1e-5
    assert numpy_losses[-1] < numpy_losses[0], "training made progress"
    final = [np.asarray(w) for w in keras_model.get_weights()]
    assert np.allclose(final[0], numpy_model.weights[0], atol=1e-6)
