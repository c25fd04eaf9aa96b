"""The speaker data set built from Tiny Shakespeare, and the bag-of-words features of the baseline."""

import numpy as np

from keraslab.data.shakespeare_speakers import speaker_dataset, speeches
from keraslab.tasks.text_classification import word_frequencies

TEXT = """First Citizen:
Before we proceed any further, hear me speak.

All:
Speak, speak.

First Citizen:
You are all resolved rather to die than to famish?

a stray line without a speaker
"""


def test_speeches_are_split_by_speaker_and_joined_into_one_line():
    assert speeches(TEXT)[0] == ("First Citizen", "Before we proceed any further, hear me speak.")
    assert len(speeches(TEXT)) == 3


def test_speaker_dataset_keeps_the_most_frequent_speakers():
    texts, labels, names = speaker_dataset(TEXT, 1)
    assert names == ["First Citizen"] and labels == [0, 0] and len(texts) == 2


def test_word_frequencies_ignore_padding_and_sum_to_one():
    ids = np.array([[3, 3, 1, 0, 0], [2, 0, 0, 0, 0]])
    frequencies = word_frequencies(ids, 4)
    np.testing.assert_allclose(frequencies, [[0, 1 / 3, 0, 2 / 3], [0, 0, 1, 0]])
