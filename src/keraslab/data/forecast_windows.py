"""Forecasting windows cut from one series, split in time, with nothing from the future leaking back.

A window is a forecast origin t: the model sees values[t - window : t] and predicts
values[t : t + horizon]. The series is split chronologically into train | validation | test spans,
and a window belongs to a span only when all of its targets lie inside that span. Its inputs may
reach back into an earlier span: those values are the known past at forecast time. Training
windows therefore never see a validation or test value, and the scaler is fit on the training
span only.
"""

from dataclasses import dataclass

import numpy as np

from keraslab.errors import ConfigError


@dataclass
class SplitSeries:
    train_end: int  # first index after the training span
    validation_end: int  # first index after the validation span (= start of the test span)
    origins: dict  # span name -> forecast origins t (int arrays)
    mean: float
    scale: float


def split_series(values, window, horizon, validation_split, test_split):
    count = len(values)
    if window + horizon > count:
        raise ConfigError(f"window ({window}) + horizon ({horizon}) = {window + horizon} is longer than the series "
                          f"({count} steps). Lower --set window= or --set horizon=.")
    train_end = int(round(count * (1 - validation_split - test_split)))
    validation_end = int(round(count * (1 - test_split)))
    bounds = {"train": (0, train_end), "validation": (train_end, validation_end), "test": (validation_end, count)}
    origins = {name: np.arange(max(start, window), end - horizon + 1) for name, (start, end) in bounds.items()}
    for name in ("train", "test"):
        if len(origins[name]) < 1:
            start, end = bounds[name]
            raise ConfigError(f"The {name} span (steps {start}-{end - 1}) holds no window of {window} inputs and "
                              f"{horizon} targets. Lower window or horizon, or change test_split/validation_split.")
    training_values = values[:train_end]
    # Scale from the training span only: the test span's level must not inform the model.
    return SplitSeries(train_end, validation_end, origins, float(training_values.mean()),
                       float(training_values.std() or 1.0))


def make_windows(values, origins, window, horizon):
    """inputs (n, window) and targets (n, horizon) for the given origins."""
    inputs = values[origins[:, None] + np.arange(-window, 0)]
    targets = values[origins[:, None] + np.arange(horizon)]
    return inputs, targets
