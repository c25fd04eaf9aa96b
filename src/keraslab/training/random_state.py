"""Every random generator that decides the rest of a run, captured and restored.

Keras saves weights and optimizer slots, but not the state of a layer's `SeedGenerator` (dropout
masks, augmentation, noise): a run resumed from weights alone draws new masks and ends elsewhere.
Here are those states, plus NumPy's and Python's global generators and, on PyTorch, torch's own
(Keras's torch dropout without a seed draws from it).
"""

import random

import numpy as np


def seed_generators(model):
    """Every SeedGenerator reachable from `model`, in a fixed order (layers as Keras flattens them)."""
    found, seen = [], set()
    for layer in model._flatten_layers(include_self=True, recursive=True):
        for generator in getattr(layer, "_seed_generators", []):
            if id(generator) not in seen:
                seen.add(id(generator))
                found.append(generator)
    return found


def capture(model=None):
    """(values, arrays): JSON-able values and named NumPy arrays."""
    import keras

    arrays = {}
    if model is not None:
        for index, generator in enumerate(seed_generators(model)):
            arrays[f"seed_generator_{index}"] = np.asarray(keras.ops.convert_to_numpy(generator.state.value))
    if keras.backend.backend() == "torch":
        import torch

        arrays["torch_rng"] = torch.get_rng_state().numpy()
    numpy_state = np.random.get_state(legacy=False)
    arrays["numpy_key"] = np.asarray(numpy_state["state"]["key"])
    values = {"numpy": {"pos": int(numpy_state["state"]["pos"]), "has_gauss": int(numpy_state["has_gauss"]),
                        "gauss": float(numpy_state["gauss"])},
              "python": _python_state_to_json(random.getstate())}
    return values, arrays


def restore(values, arrays, model=None):
    import keras

    if model is not None:
        for index, generator in enumerate(seed_generators(model)):
            key = f"seed_generator_{index}"
            if key in arrays:
                generator.state.assign(arrays[key].astype(generator.state.dtype))
    if "torch_rng" in arrays and keras.backend.backend() == "torch":
        import torch

        torch.set_rng_state(torch.from_numpy(arrays["torch_rng"].astype("uint8")))
    saved = values["numpy"]
    np.random.set_state({"bit_generator": "MT19937", "state": {"key": arrays["numpy_key"], "pos": saved["pos"]},
                         "has_gauss": saved["has_gauss"], "gauss": saved["gauss"]})
    random.setstate(_python_state_from_json(values["python"]))


def _python_state_to_json(state):
    version, internal, gauss = state
    return [version, list(internal), gauss]


def _python_state_from_json(saved):
    version, internal, gauss = saved
    return version, tuple(internal), gauss
