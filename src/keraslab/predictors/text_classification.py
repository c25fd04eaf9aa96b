"""A text in, its class out (for the Shakespeare preset: which speaker most likely said it), read with the
word tokenizer fit on the training texts and cut or padded to the trained length."""

import numpy as np

from keraslab.errors import DataError
from keraslab.predictors.base import Predictor, predict_batches
from keraslab.predictors.tabular import label_rows


class TextClassifier(Predictor):
    takes = "texts (quoted, e.g. 'O Romeo, Romeo')"
    spec_kind = "text-classification"

    def predict(self, inputs, top=1):
        """One dict per text: {"input": text, "prediction": class name, "probability": p}; with `top` > 1, also
        the `top` most likely classes."""
        from keras import ops

        from keraslab.data.tokenizers import tokenizer_from_json
        from keraslab.tasks.text_classification import pad_ids

        texts = self.require_inputs(inputs)
        for text in texts:
            if not isinstance(text, str) or not text.strip():
                raise DataError(f"Cannot classify {text!r}: give a text, e.g. 'O Romeo, Romeo'.")
        ids = pad_ids(tokenizer_from_json(self.spec["tokenizer"]), texts, self.spec["sequence_length"])
        # The model ends in logits (its loss takes them), so probabilities come from a softmax here.
        probabilities = ops.convert_to_numpy(ops.softmax(predict_batches(self.model, ids), axis=-1))
        return [{"input": text, **row} for text, row in zip(texts, label_rows(np.asarray(probabilities),
                                                                                self.spec["class_names"], top))]
