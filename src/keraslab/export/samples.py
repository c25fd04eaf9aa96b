"""Inputs to check and time an optimised model on: the run's own test split when its task can give it.

A task module may define `load_test_split(config) -> (x_test, y_test)`; image classification and distillation
do. Other runs are checked on random inputs shaped like the model's (and say so), since parity between
two implementations of the same function does not need meaningful data, but accuracy does.
"""

import importlib

import numpy as np


def load_test_split(config):
    """(x_test, y_test) from the run's task, or None when the task cannot give it."""
    from keraslab.config.schemas import schema_for

    module = importlib.import_module(schema_for(config["task"]).module)
    split = getattr(module, "load_test_split", None)
    return None if split is None else split(config)


def sample_inputs(config, model, count, seed=0):
    """(x, y, source): `count` test rows (y None for random inputs) and a phrase naming where they came from."""
    split = load_test_split(config)
    if split is not None:
        x, y = split
        return _cast(x[:count], model), y[:count], f"{min(count, len(y))} test-split inputs"
    rng = np.random.default_rng(seed)
    shapes = [tuple(count if d is None else d for d in tensor.shape) for tensor in model.inputs]
    x = [rng.normal(size=shape).astype("float32") for shape in shapes]
    return _cast(x[0] if len(x) == 1 else x, model), None, f"{count} random inputs (the task gives no test split)"


def _cast(x, model):
    dtypes = [tensor.dtype for tensor in model.inputs]
    if isinstance(x, (list, tuple)):
        return [np.asarray(part, dtype=dtype) for part, dtype in zip(x, dtypes)]
    return np.asarray(x, dtype=dtypes[0])


def as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def rows(x, index):
    """Rows of `x` (one array or a list of arrays)."""
    return [part[index] for part in x] if isinstance(x, (list, tuple)) else x[index]
