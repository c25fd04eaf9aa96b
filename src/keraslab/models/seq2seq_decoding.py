"""Decoding a causal encoder-decoder model: greedy and beam search, batched over examples in NumPy.

Each step runs the model on the source and the right-padded prefix and reads the logits at the
current position (the decoder is causal, so the padding after it cannot matter).
"""

import numpy as np


def _log_softmax(logits):
    shifted = logits - logits.max(-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))


def greedy_decode(model, sources, target_length, start_id, batch_size=512):
    """Most likely token at each step: (n, target_length) ids."""
    outputs = []
    for begin in range(0, len(sources), batch_size):
        source = sources[begin:begin + batch_size]
        prefix = np.zeros((len(source), target_length), dtype="int32")
        prefix[:, 0] = start_id
        decoded = np.zeros_like(prefix)
        for step in range(target_length):
            logits = np.asarray(model.predict_on_batch([source, prefix]))[:, step]
            decoded[:, step] = logits.argmax(-1)
            if step + 1 < target_length:
                prefix[:, step + 1] = decoded[:, step]
        outputs.append(decoded)
    return np.concatenate(outputs)


def beam_decode(model, sources, target_length, start_id, beam_width=3, batch_size=128):
    """The best of `beam_width` hypotheses kept by total log-probability: (n, target_length) ids."""
    outputs = []
    for begin in range(0, len(sources), batch_size):
        source = sources[begin:begin + batch_size]
        count = len(source)
        repeated = np.repeat(source, beam_width, axis=0)
        beams = np.zeros((count, beam_width, target_length), dtype="int32")
        # Every beam starts as the same empty prefix; only the first may expand, or they would all agree.
        scores = np.full((count, beam_width), -np.inf)
        scores[:, 0] = 0.0
        for step in range(target_length):
            prefix = np.zeros((count * beam_width, target_length), dtype="int32")
            prefix[:, 0] = start_id
            prefix[:, 1:step + 1] = beams.reshape(count * beam_width, -1)[:, :step]
            logits = np.asarray(model.predict_on_batch([repeated, prefix]))[:, step]
            log_probabilities = _log_softmax(logits.astype("float64")).reshape(count, beam_width, -1)
            vocabulary = log_probabilities.shape[-1]
            candidates = (scores[:, :, None] + log_probabilities).reshape(count, -1)
            best = np.argsort(-candidates, axis=1, kind="stable")[:, :beam_width]
            parents, tokens = best // vocabulary, best % vocabulary
            beams = np.take_along_axis(beams, parents[:, :, None], axis=1)
            beams[:, :, step] = tokens
            scores = np.take_along_axis(candidates, best, axis=1)
        outputs.append(beams[:, 0])
    return np.concatenate(outputs)
