"""A translation task that needs no download: the same calendar date written in many human ways,
to be rewritten as ISO 8601 (1995-03-07). Generated from a seed, so every run sees the same data.

Dates are split before formats are drawn: no date of the test split appears, in any format, in
training, so exact match measures reading the format, not remembering the date. Day-first numeric
forms only (07/03/1995 is 7 March), since mixing day-first and month-first would make the task
ambiguous.
"""

import datetime

import numpy as np

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIRST, LAST = datetime.date(1950, 1, 1), datetime.date(2049, 12, 31)
TARGET_LENGTH = 10  # YYYY-MM-DD


def _ordinal(day):
    return f"{day}{'th' if 11 <= day % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


FORMATS = (
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    lambda d: f"{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1][:3]} {d.year}",
    lambda d: f"{MONTHS[d.month - 1][:3]} {d.day} {d.year}",
    lambda d: f"{d.day:02d}-{MONTHS[d.month - 1][:3].upper()}-{d.year}",
    lambda d: f"the {_ordinal(d.day)} of {MONTHS[d.month - 1]}, {d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1].lower()} {d.year}",
    lambda d: f"{d.day}.{d.month}.{d.year}",
)


def date_pairs(num_examples, seed, splits=(0.8, 0.1, 0.1)):
    """{'train' | 'validation' | 'test': (sources, targets)} lists of strings; dates disjoint across splits."""
    rng = np.random.default_rng(seed)
    days = rng.permutation((LAST - FIRST).days + 1)
    cut = np.cumsum([int(round(share * len(days))) for share in splits[:-1]])
    pools = dict(zip(("train", "validation", "test"), np.split(days, cut)))
    data = {}
    for name, share in zip(pools, splits):
        count = max(1, int(round(share * num_examples)))
        chosen = rng.choice(pools[name], size=count, replace=count > len(pools[name]))
        dates = [FIRST + datetime.timedelta(days=int(day)) for day in chosen]
        styles = rng.integers(len(FORMATS), size=count)
        data[name] = ([FORMATS[s](d) for s, d in zip(styles, dates)], [d.isoformat() for d in dates])
    return data
