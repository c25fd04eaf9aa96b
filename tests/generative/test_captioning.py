"""Captioning pieces: BLEU-4 against hand-worked values, the scenes, the encoding, the captioner."""

import keras
import numpy as np
import pytest

from keraslab.generative.bleu import corpus_bleu
from keraslab.generative.shape_scenes import COLORS, make_scenes
from keraslab.layers.learned_positional_embedding import LearnedPositionalEmbedding
from keraslab.models.captioner import build_captioner
from keraslab.tasks.captioning import encode, greedy_captions


def test_bleu_is_one_for_identical_and_zero_without_a_shared_4gram():
    sentences = ["a red circle left of a blue square", "a green square above a red triangle"]
    assert corpus_bleu(sentences, sentences) == pytest.approx(1.0)
    assert corpus_bleu(["a b c d e"], ["a b c x e"]) == 0.0


def test_bleu_matches_a_hand_computed_value():
    # Candidate 6 words vs reference 7: precisions 5/6 ("green" is not in it), 4/5, 3/4, 2/3; brevity exp(1 - 7/6).
    reference, candidate = "a red circle above a blue square", "a red circle above a green"
    expected = np.exp(1 - 7 / 6) * (5 / 6 * 4 / 5 * 3 / 4 * 2 / 3) ** 0.25
    assert corpus_bleu([reference], [candidate]) == pytest.approx(expected)


def test_scenes_are_repeatable_and_captions_name_the_colours_drawn():
    images, captions = make_scenes(20, seed=5)
    again, same = make_scenes(20, seed=5)
    assert np.array_equal(images, again) and captions == same
    for image, caption in zip(images, captions):
        for word in caption.split():
            if word in COLORS:
                assert (image.reshape(-1, 3) == COLORS[word]).all(axis=1).any(), caption


def test_encode_shifts_targets_by_one_word():
    vocabulary = ["<pad>", "<start>", "<end>", "a", "red", "circle"]
    inputs, targets = encode(["a red circle"], vocabulary, 5)
    assert inputs.tolist() == [[1, 3, 4, 5, 0]] and targets.tolist() == [[3, 4, 5, 2, 0]]


def test_captioner_round_trips_and_decodes(tmp_path):
    vocabulary = ["<pad>", "<start>", "<end>", "a", "red"]
    model = build_captioner((16, 16, 3), len(vocabulary), 4, dim=8, num_heads=2, conv_filters=(4, 8))
    images = np.random.default_rng(0).integers(0, 256, (3, 16, 16, 3)).astype("uint8")
    captions = greedy_captions(model, images, vocabulary, 4)
    assert len(captions) == 3 and all(set(c.split()) <= {"a", "red"} for c in captions)
    model.save(tmp_path / "captioner.keras")
    loaded = keras.saving.load_model(tmp_path / "captioner.keras")
    assert isinstance(loaded.get_layer("word_positions"), LearnedPositionalEmbedding)
    assert greedy_captions(loaded, images, vocabulary, 4) == captions
