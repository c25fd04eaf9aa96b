"""A saved tokenizer (its `to_json()`, kept in a run's spec.json) back as an object."""

from keraslab.data.char_tokenizer import CharTokenizer
from keraslab.data.word_tokenizer import WordTokenizer


def tokenizer_from_json(spec):
    return {"char": CharTokenizer, "word": WordTokenizer}[spec["kind"]](spec["vocabulary"])
