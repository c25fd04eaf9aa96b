"""Dates written as people write them in, ISO 8601 out: the encoder reads the text, the decoder writes
the date greedily, one character at a time."""

from keraslab.errors import DataError
from keraslab.predictors.base import Predictor


class DateTranslator(Predictor):
    verbs = ("predict", "translate")
    takes = "dates as text (e.g. '7 March 1995', quoted)"
    spec_kind = "seq2seq"

    def _tokenizer(self, name):
        from keraslab.data.tokenizers import tokenizer_from_json

        return tokenizer_from_json(self.spec[name])

    def translate(self, texts):
        """One ISO date string per text."""
        from keraslab.data.date_formats import TARGET_LENGTH
        from keraslab.models.seq2seq_decoding import greedy_decode
        from keraslab.tasks.seq2seq import START, encode_sources

        length = self.spec["source_length"]
        for text in texts:
            if not isinstance(text, str) or not text.strip():
                raise DataError(f"Cannot translate {text!r}: give a date as text, e.g. '7 March 1995'.")
            if len(text) > length:
                raise DataError(f"'{text}' has {len(text)} characters; this model reads at most {length} (the "
                                "longest date it was trained on). Give a shorter date.")
        if not texts:
            return []
        sources = encode_sources(self._tokenizer("source_tokenizer"), list(texts), length)
        ids = greedy_decode(self.model, sources, TARGET_LENGTH, START)
        # Target ids are shifted by one (0 is padding); padding or the start id decode as nothing.
        target_tokenizer = self._tokenizer("target_tokenizer")
        return [target_tokenizer.decode([i - 1 for i in row if i > START]) for row in ids]

    def predict(self, inputs):
        texts = self.require_inputs(inputs)
        return [{"input": text, "translation": iso} for text, iso in zip(texts, self.translate(texts))]
