"""The practical float32 ceiling: GFLOP/s of a large NumPy matrix product on this machine, now."""

import time

import numpy as np


def matmul_gflops(size=2048, repeats=5):
    """Best of `repeats` products of two size x size float32 matrices, in GFLOP/s."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size), dtype=np.float32)
    b = rng.standard_normal((size, size), dtype=np.float32)
    a @ b  # warm up the BLAS threads
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - started)
    return 2 * size ** 3 / best / 1e9
