"""Characters to integer ids and back, in NumPy: no TensorFlow needed, so it works on every backend.

The vocabulary is the sorted set of characters of the training text. Characters seen only in
new text (a prompt) map to id 0, which is reserved for them.
"""

import numpy as np

UNKNOWN = "\ufffd"


class CharTokenizer:
    def __init__(self, vocabulary):
        self.vocabulary = list(vocabulary)
        self.index = {char: i for i, char in enumerate(self.vocabulary)}

    @classmethod
    def fit(cls, text):
        return cls([UNKNOWN] + sorted(set(text) - {UNKNOWN}))

    @property
    def vocabulary_size(self):
        return len(self.vocabulary)

    def encode(self, text):
        return np.array([self.index.get(char, 0) for char in text], dtype="int32")

    def decode(self, ids):
        return "".join(self.vocabulary[int(i)] for i in ids)

    def to_json(self):
        return {"kind": "char", "vocabulary": self.vocabulary}
