"""Sampling: temperature, top-k and top-p shape the distribution; a seed fixes the text."""

import keras
import numpy as np
import pytest

from keraslab.models.text_sampling import generate, next_token_distribution

LOGITS = np.log(np.array([0.5, 0.3, 0.15, 0.05]))


def test_temperature_one_recovers_the_softmax():
    np.testing.assert_allclose(next_token_distribution(LOGITS), [0.5, 0.3, 0.15, 0.05])


def test_temperature_zero_is_greedy_and_low_temperature_sharpens():
    np.testing.assert_array_equal(next_token_distribution(LOGITS, temperature=0), [1, 0, 0, 0])
    assert next_token_distribution(LOGITS, temperature=0.5)[0] > 0.5


def test_top_k_keeps_the_k_most_likely():
    probabilities = next_token_distribution(LOGITS, top_k=2)
    np.testing.assert_allclose(probabilities, [0.625, 0.375, 0, 0])


def test_top_p_keeps_the_smallest_set_reaching_p():
    np.testing.assert_allclose(next_token_distribution(LOGITS, top_p=0.7), [0.625, 0.375, 0, 0])
    np.testing.assert_allclose(next_token_distribution(LOGITS, top_p=0.5), [1, 0, 0, 0])


def _tiny_model(vocabulary=7, length=8):
    keras.utils.set_random_seed(0)
    inputs = keras.Input((length,), dtype="int32")
    x = keras.layers.Embedding(vocabulary, 8)(inputs)
    return keras.Model(inputs, keras.layers.Dense(vocabulary)(x))


def test_generation_is_deterministic_under_a_seed_and_varies_across_seeds():
    model = _tiny_model()
    first = generate(model, [1, 2, 3], 20, 8, temperature=1.5, seed=3)
    assert first == generate(model, [1, 2, 3], 20, 8, temperature=1.5, seed=3)
    assert first != generate(model, [1, 2, 3], 20, 8, temperature=1.5, seed=4)
    assert len(first) == 20 and all(0 <= token < 7 for token in first)


@pytest.mark.parametrize("prompt", [[], [5] * 12])
def test_generation_handles_empty_and_longer_than_window_prompts(prompt):
    assert len(generate(_tiny_model(), prompt, 5, 8, temperature=0)) == 5
