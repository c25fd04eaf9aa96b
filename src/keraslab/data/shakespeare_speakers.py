"""A labelled text set built offline from Tiny Shakespeare: each speech, labelled with its speaker.

The corpus is a run of speeches separated by blank lines, each opening with "NAME:" on its own
line. Keeping the most frequent speakers gives a classification task with nothing to download.
"""

import collections
import re

_SPEAKER = re.compile(r"[A-Z][A-Za-z' ]*:")


def speeches(text):
    """[(speaker, speech text)] in the order of the corpus."""
    found = []
    for block in text.split("\n\n"):
        lines = block.strip("\n").split("\n")
        if len(lines) > 1 and _SPEAKER.fullmatch(lines[0]):
            found.append((lines[0][:-1], " ".join(line.strip() for line in lines[1:])))
    return found


def speaker_dataset(text, num_speakers):
    """(texts, labels, speaker names) for the `num_speakers` speakers with the most speeches."""
    all_speeches = speeches(text)
    counts = collections.Counter(speaker for speaker, _ in all_speeches)
    names = sorted(name for name, _ in counts.most_common(num_speakers))
    index = {name: i for i, name in enumerate(names)}
    chosen = [(index[speaker], speech) for speaker, speech in all_speeches if speaker in index]
    return [speech for _, speech in chosen], [label for label, _ in chosen], names
