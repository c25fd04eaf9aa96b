"""Frechet distance: 0 for a set against itself, the closed form for Gaussians, and the MNIST judge."""

import numpy as np

from keraslab.generative.fid import frechet_distance
from keraslab.generative.mnist_judge import MnistJudge, build_judge


def test_a_set_against_itself_is_about_zero():
    features = np.random.default_rng(0).normal(size=(2000, 32))
    assert abs(frechet_distance(features, features)) < 1e-6


def test_matches_the_closed_form_for_independent_gaussians():
    rng = np.random.default_rng(1)
    mean_a, mean_b = np.zeros(4), np.array([1.0, 0.0, -2.0, 0.5])
    var_a, var_b = np.array([1.0, 2.0, 0.5, 1.0]), np.array([4.0, 1.0, 0.5, 9.0])
    a = mean_a + np.sqrt(var_a) * rng.standard_normal((200000, 4))
    b = mean_b + np.sqrt(var_b) * rng.standard_normal((200000, 4))
    expected = np.sum((mean_a - mean_b) ** 2) + np.sum(var_a + var_b - 2 * np.sqrt(var_a * var_b))
    assert np.isclose(frechet_distance(a, b), expected, rtol=0.02)


def test_judge_gives_zero_for_identical_images_and_more_for_noise():
    judge = MnistJudge(build_judge())
    images = np.random.default_rng(2).uniform(size=(300, 28, 28, 1)).astype("float32")
    reference = judge.features(images)[0]
    same, confidence = judge.fid(images, reference)
    assert abs(same) < 1e-3 and 0.1 <= confidence <= 1.0
    assert judge.fid(np.zeros_like(images), reference)[0] > same
