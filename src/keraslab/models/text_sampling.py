"""Sampling text from a next-token model: temperature, top-k and top-p (nucleus), in NumPy.

    temperature  divides the logits: < 1 sharper and safer, > 1 flatter and wilder, 0 greedy
    top_k        keep the k most likely tokens (0: all)
    top_p        keep the smallest set of tokens whose probability adds up to p (1.0: all)

A seeded NumPy generator draws the tokens, so the same seed gives the same text.
"""

import numpy as np


def next_token_distribution(logits, temperature=1.0, top_k=0, top_p=1.0):
    """Probabilities over the vocabulary after temperature, top-k and top-p; float64, sums to 1."""
    logits = np.asarray(logits, dtype="float64")
    if temperature == 0:
        probabilities = np.zeros_like(logits)
        probabilities[np.argmax(logits)] = 1.0
        return probabilities
    logits = logits / temperature
    if 0 < top_k < len(logits):
        kth_largest = np.partition(logits, -top_k)[-top_k]
        logits = np.where(logits < kth_largest, -np.inf, logits)
    probabilities = np.exp(logits - logits.max())
    probabilities /= probabilities.sum()
    if top_p < 1.0:
        order = np.argsort(-probabilities, kind="stable")
        cumulative = np.cumsum(probabilities[order])
        # Keep every token up to and including the one that crosses top_p.
        keep = order[:int(np.searchsorted(cumulative, top_p)) + 1]
        kept = np.zeros_like(probabilities)
        kept[keep] = probabilities[keep]
        probabilities = kept / kept.sum()
    return probabilities


def generate(model, prompt_ids, num_tokens, sequence_length, temperature=1.0, top_k=0, top_p=1.0, seed=0):
    """Extend `prompt_ids` by `num_tokens` ids sampled one at a time; returns the new ids only.

    The model always sees a full window of `sequence_length` ids (one compiled shape): while the
    context is shorter it is padded on the right, which a causal model cannot see, and the logits
    are read at the last real position. Longer contexts keep their last `sequence_length` ids.
    """
    rng = np.random.default_rng(seed)
    context = [int(i) for i in prompt_ids] or [0]
    generated = []
    window = np.zeros((1, sequence_length), dtype="int32")
    for _ in range(num_tokens):
        visible = context[-sequence_length:]
        window[0, :] = 0
        window[0, :len(visible)] = visible
        logits = np.asarray(model.predict_on_batch(window))[0, len(visible) - 1]
        token = int(rng.choice(len(logits), p=next_token_distribution(logits, temperature, top_k, top_p)))
        context.append(token)
        generated.append(token)
    return generated
