"""Words (and punctuation, and line breaks) to integer ids and back, in NumPy: the part of
`TextVectorization` a language model needs, without TensorFlow, so it works on every backend.

The vocabulary keeps the most frequent tokens of the training text; id 0 stands for every other one.
Case is kept and punctuation is its own token, so decoding gives readable text back.
"""

import collections
import re

import numpy as np

UNKNOWN = "[UNK]"
_TOKEN = re.compile(r"\n|[A-Za-z]+(?:'[A-Za-z]+)*|[^\sA-Za-z]")


def split_words(text):
    return _TOKEN.findall(text)


class WordTokenizer:
    def __init__(self, vocabulary):
        self.vocabulary = list(vocabulary)
        self.index = {word: i for i, word in enumerate(self.vocabulary)}

    @classmethod
    def fit(cls, text, max_vocabulary):
        counts = collections.Counter(split_words(text))
        # Ties broken alphabetically so the vocabulary does not depend on dict order.
        ranked = sorted(counts, key=lambda word: (-counts[word], word))
        return cls([UNKNOWN] + ranked[:max_vocabulary - 1])

    @property
    def vocabulary_size(self):
        return len(self.vocabulary)

    def encode(self, text):
        return np.array([self.index.get(word, 0) for word in split_words(text)], dtype="int32")

    def decode(self, ids):
        text = ""
        for i in ids:
            word = self.vocabulary[int(i)]
            # Words (and [UNK], which stands for one) take a space before them; punctuation does not.
            spaced = word[0].isalpha() or word in ("(", "[", UNKNOWN)
            glue = " " if text and not text.endswith(("\n", "(")) and word != "\n" and spaced else ""
            text += glue + word
        return text

    def continue_text(self, prompt, ids):
        """`prompt` followed by the decoded `ids`, with a space between words where one belongs."""
        words = self.decode(ids)
        spaced = words[:1].isalpha() or words.startswith(UNKNOWN)
        glue = " " if spaced and prompt and not prompt.endswith(("\n", " ", "(")) else ""
        return prompt + glue + words

    def to_json(self):
        return {"kind": "word", "vocabulary": self.vocabulary}

