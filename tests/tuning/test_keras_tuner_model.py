"""mnist-tuner's searched model: built under the run's precision even after KerasTuner's clear_session (which
resets Keras's global dtype policy), computing in 16 bits and answering in float32 as the retrained one does,
with the searched width in the searched Dense layer."""

import pytest

from keraslab.config.resolve import resolve

pytest.importorskip("keras_tuner")


@pytest.mark.parametrize("policy", ["float32", "mixed_bfloat16"])
def test_the_searched_model_keeps_the_runs_precision_and_answers_in_float32(policy):
    import keras
    import keras_tuner

    from keraslab.tasks.keras_tuner import build_model
    from keraslab.training.precision import policy as applied_policy

    _, _, config = resolve("mnist-tuner", [f"precision={policy}"])
    hp = keras_tuner.HyperParameters()
    hp.Fixed("units", 64)
    hp.Fixed("learning_rate", 1e-3)
    with applied_policy(policy):
        keras.backend.clear_session()  # as KerasTuner does before every build: the global policy is float32 again
        model = build_model(hp, config, (28, 28, 1), 10)
    assert model.get_layer("hidden").units == 64
    assert model.get_layer("hidden").compute_dtype == ("bfloat16" if policy == "mixed_bfloat16" else "float32")
    assert model.get_layer("class_probabilities").compute_dtype == "float32"
    assert keras.ops.convert_to_tensor(model.predict_on_batch(keras.ops.zeros((2, 28, 28, 1)))).dtype == "float32"
