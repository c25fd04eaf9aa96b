"""Corpus BLEU-4 (Papineni et al., 2002): clipped n-gram precisions for n = 1..4, geometric mean,
times a brevity penalty. One reference per candidate; no smoothing, as in the original."""

import math
from collections import Counter


def _ngrams(words, n):
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def corpus_bleu(references, candidates, max_n=4):
    """`references`, `candidates`: lists of sentences (strings); returns a value in [0, 1]."""
    matched, total = [0] * max_n, [0] * max_n
    reference_length = candidate_length = 0
    for reference, candidate in zip(references, candidates):
        reference, candidate = reference.split(), candidate.split()
        reference_length += len(reference)
        candidate_length += len(candidate)
        for n in range(1, max_n + 1):
            counts, allowed = _ngrams(candidate, n), _ngrams(reference, n)
            matched[n - 1] += sum(min(c, allowed[g]) for g, c in counts.items())
            total[n - 1] += max(len(candidate) - n + 1, 0)
    if not candidate_length or min(matched) == 0:
        return 0.0
    log_precision = sum(math.log(m / t) for m, t in zip(matched, total)) / max_n
    brevity = 1.0 if candidate_length > reference_length else math.exp(1 - reference_length / candidate_length)
    return brevity * math.exp(log_precision)
