"""One pass over the test split (RunContext.evaluate_and_predict) gives evaluate's metrics and predict's output."""

import keras
import numpy as np
import pytest

from keraslab.training.context import RunContext


def trained(loss, metrics, outputs, y):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(len(y), 5)).astype("float32")
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(8, activation="relu"), outputs])
    model.compile(optimizer="adam", loss=loss, metrics=metrics)
    model.fit(x, y, epochs=1, batch_size=64, verbose=0)
    return model, x


@pytest.mark.parametrize("kind", ["regression", "classification"])
def test_one_pass_gives_evaluates_metrics_and_predicts_output(kind):
    rng = np.random.default_rng(1)
    if kind == "regression":  # 600 rows: two whole batches of 256 and a partial one, as evaluate splits them
        y = rng.normal(size=600).astype("float32")
        model, x = trained("mse", [keras.metrics.MeanSquaredError(name="mse"),
                                   keras.metrics.MeanAbsoluteError(name="mae")], keras.layers.Dense(1), y)
    else:
        y = rng.integers(0, 4, size=600)
        model, x = trained("sparse_categorical_crossentropy", ["accuracy"],
                           keras.layers.Dense(4, activation="softmax"), y)
    expected = RunContext.evaluate(model, x, y)
    metrics, predictions = RunContext.evaluate_and_predict(model, x, y)
    np.testing.assert_array_equal(predictions, model.predict(x, batch_size=256, verbose=0))
    assert list(metrics) == list(expected)  # same names in the same order: tables and sweeps list them so
    for name, value in expected.items():
        if kind == "classification" and name == "test_loss":  # a log fused into the compiled test step
            assert metrics[name] == pytest.approx(value, rel=1e-6)
        else:
            assert metrics[name] == value, name
