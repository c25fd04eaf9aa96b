"""Exploration: epsilon falls linearly from `start` to `end` over `steps`, then stays at `end`."""


def linear_epsilon(step, start, end, steps):
    if steps <= 0:
        return end
    fraction = min(step / steps, 1.0)
    return start + fraction * (end - start)
