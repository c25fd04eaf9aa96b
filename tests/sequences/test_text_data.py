"""Text in: UTF-8 only, not empty; tokenizers round-trip; windows shift targets by one token."""

import numpy as np
import pytest

from keraslab.data.char_tokenizer import CharTokenizer
from keraslab.data.text import read_text
from keraslab.data.tokenizers import tokenizer_from_json
from keraslab.data.word_tokenizer import WordTokenizer
from keraslab.errors import DataError
from keraslab.tasks.text_generation import make_windows


def test_non_utf8_bytes_are_refused_with_their_offset(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9 au lait".encode("latin-1"))
    with pytest.raises(DataError, match=r"not UTF-8: byte 0xe9 at offset 3.*iconv"):
        read_text(path)


def test_empty_text_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")
    with pytest.raises(DataError, match="is empty"):
        read_text(path)


def test_char_tokenizer_round_trips_and_maps_unseen_characters_to_zero():
    tokenizer = CharTokenizer.fit("hello world")
    assert tokenizer.decode(tokenizer.encode("hello")) == "hello"
    assert tokenizer.encode("hez")[-1] == 0
    again = tokenizer_from_json(tokenizer.to_json())
    assert again.vocabulary == tokenizer.vocabulary


def test_word_tokenizer_keeps_frequent_words_and_punctuation():
    text = "ROMEO:\nO Romeo, Romeo! wherefore art thou Romeo?\n"
    tokenizer = WordTokenizer.fit(text, max_vocabulary=5)
    assert tokenizer.vocabulary[:3] == ["[UNK]", "Romeo", "\n"]
    restored = tokenizer_from_json(WordTokenizer.fit(text, 100).to_json())
    assert restored.decode(restored.encode(text)) == text.rstrip(" ")


def test_windows_targets_are_inputs_shifted_by_one():
    ids = np.arange(20)
    x, y = make_windows(ids, 5, 5)
    assert x.shape == (3, 5)
    np.testing.assert_array_equal(y, x + 1)
    assert make_windows(np.arange(5), 5, 5) is None
