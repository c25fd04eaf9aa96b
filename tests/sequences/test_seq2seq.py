"""Seq2seq: generated dates are disjoint across splits; beam search finds what greedy misses."""

import numpy as np

from keraslab.data.date_formats import date_pairs
from keraslab.models.seq2seq_decoding import beam_decode, greedy_decode


def test_date_pairs_are_seeded_and_test_dates_never_appear_in_training():
    data = date_pairs(2000, seed=7)
    assert data == date_pairs(2000, seed=7)
    assert set(data["test"][1]).isdisjoint(data["train"][1])
    assert set(data["validation"][1]).isdisjoint(data["train"][1])
    assert all(len(target) == 10 and target[4] == "-" for target in data["train"][1])
    assert len(set(data["train"][0])) > 1000  # many surface forms


class _Scripted:
    """A 'model' whose next-token probabilities depend on the prefix: token 1 is likelier first,
    but every continuation of it is uncertain, while token 2 is followed by a sure token."""

    def predict_on_batch(self, inputs):
        _, prefix = inputs
        logits = np.zeros((len(prefix), 3, 3))
        logits[:, 0] = np.log([1e-9, 0.6, 0.4])
        for row, first in enumerate(prefix[:, 1]):
            logits[row, 1] = np.log([1 / 3, 1 / 3, 1 / 3]) if first == 1 else np.log([0.05, 0.05, 0.9])
        return logits


def test_beam_search_beats_greedy_when_the_first_choice_leads_nowhere():
    sources = np.zeros((2, 4), dtype="int32")
    greedy = greedy_decode(_Scripted(), sources, target_length=2, start_id=0)
    beam = beam_decode(_Scripted(), sources, target_length=2, start_id=0, beam_width=2)
    assert greedy[0, 0] == 1  # 0.6 first, then at best 1/3: total 0.2
    np.testing.assert_array_equal(beam, [[2, 2], [2, 2]])  # 0.4 * 0.9 = 0.36
