"""mnist-distillation: three models in one run, scored on the same test split."""

import numpy as np
import pytest

import keraslab
from keraslab.tasks.distillation import load_test_split
from keraslab.training.run_dir import RunDirectory


@pytest.mark.slow
def test_teacher_and_both_students_learn_mnist(runs_dir):
    result = keraslab.run("mnist-distillation", runs_dir=runs_dir, quiet=True, max_samples=3000,
                          teacher_filters=[64, 128], teacher_epochs=2, epochs=2)
    metrics = result.metrics
    assert metrics["test_accuracy_teacher"] > 0.85, metrics
    assert metrics["test_accuracy_distilled"] > 0.75 and metrics["test_accuracy_scratch"] > 0.75, metrics
    assert metrics["distillation_gain"] == pytest.approx(metrics["test_accuracy_distilled"]
                                                         - metrics["test_accuracy_scratch"])
    # The saved model is the distilled student with probabilities out, scoring what the run reported.
    x_test, y_test = load_test_split(RunDirectory(result.run_dir).read_config()["config"])
    probabilities = keraslab.load_run(result.run_dir).model.predict(x_test, verbose=0)
    assert np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    assert np.mean(probabilities.argmax(axis=1) == y_test) == pytest.approx(metrics["test_accuracy_distilled"])


def test_distillation_loss_is_hintons_soft_target_kl():
    from keras import ops

    from keraslab.tasks.distillation import logits_distillation

    rng = np.random.default_rng(0)
    teacher, student = (rng.normal(scale=4, size=(5, 10)).astype("float32") for _ in range(2))
    temperature = 3.0

    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    p, q = softmax(teacher / temperature), softmax(student / temperature)
    expected = np.mean(np.sum(p * np.log(p / q), axis=1)) * temperature ** 2
    loss = ops.convert_to_numpy(logits_distillation(temperature).compute_loss(teacher, student))
    assert loss == pytest.approx(expected, rel=1e-4)
    same = logits_distillation(temperature).compute_loss(teacher, teacher)
    assert ops.convert_to_numpy(same) == pytest.approx(0, abs=1e-5)
