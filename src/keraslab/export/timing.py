"""p50 latency: the median of repeated calls after warm-up, the same way for every inference path."""

import time

import numpy as np


def p50_milliseconds(function, repeats=30, warmup=3):
    """Median wall time of `function()` in milliseconds (warm-up calls build graphs and caches)."""
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return float(np.median(times) * 1000)


def batch_of(x, batch_size):
    """`batch_size` rows from `x`, repeating it when it is shorter."""
    reps = -(-batch_size // len(x))
    return np.concatenate([x] * reps)[:batch_size]
