"""The best weights of a phase so far, kept in memory and written inside each checkpoint.

Written to their own file at every improved epoch they cost about a tenth of a small tabular model's
training. Kept in memory instead (NumPy copies of what `model.save_weights` writes: the model's weights
and the optimizer's variables), they reach the disk with the next checkpoint, in its arrays, so a
resumed run gets back exactly the best weights its checkpoint's `best` metric speaks of; the epochs
replayed after that checkpoint find any later improvement again.
"""

import numpy as np

_PREFIXES = ("best_model_", "best_optimizer_")


class BestWeights:
    def __init__(self, arrays=None):
        """Empty, or the best weights saved in a checkpoint's `arrays` (see `to_arrays`)."""
        arrays = arrays or {}
        groups = [sorted((name for name in arrays if name.startswith(prefix))) for prefix in _PREFIXES]
        self._values = [[arrays[name] for name in group] for group in groups] if groups[0] else None

    def keep(self, model):
        self._values = [model.get_weights(), [np.array(v) for v in _optimizer_variables(model)]]

    def to_arrays(self):
        if self._values is None:
            return {}
        return {f"{prefix}{index:04d}": value for prefix, values in zip(_PREFIXES, self._values)
                for index, value in enumerate(values)}

    def restore(self, model):
        """Put the best weights (and the optimizer as it was then) back into `model`; False if none kept."""
        if self._values is None:
            return False
        weights, optimizer = self._values
        model.set_weights(weights)
        for variable, value in zip(_optimizer_variables(model), optimizer):
            variable.assign(value)
        return True


def _optimizer_variables(model):
    optimizer = getattr(model, "optimizer", None)
    return list(optimizer.variables) if optimizer is not None else []
