"""PyTorch: one CPU thread while a small Q-network trains.

A 4-256-256-2 network's matrix products are far too small to split across threads; on a busy
2-core machine PyTorch's worker threads mostly wait for each other, and a train step measured 30x
slower with two threads than with one (docs/benchmarks/rl.md). The setting is restored afterwards
because it is process-wide.
"""

import contextlib


@contextlib.contextmanager
def single_threaded():
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)
