"""Import every building block so `keras.saving.load_model` knows keraslab's registered classes.

A saved model names its custom layers ("keraslab>RandomShear"); Keras finds them only if their
modules were imported. Everything that loads a saved model goes through `load_model` here.
"""

import importlib
import pkgutil

_BACKEND_SUFFIXES = ("_jax", "_torch", "_tensorflow")


def import_building_blocks():
    for package_name in ("keraslab.layers", "keraslab.models"):
        importlib.import_module(package_name)


def import_modules_of(package_name, package_path):
    """Import every module of a package (its __init__ calls this), so that importing the package
    registers all its classes with Keras, as `from keras import layers` does."""
    import keras

    active = f"_{keras.backend.backend()}"
    for module in pkgutil.iter_modules(package_path):
        # Backend-specific steps import their backend; only the active one is installed for sure.
        if module.name.endswith(_BACKEND_SUFFIXES) and not module.name.endswith(active):
            continue
        importlib.import_module(f"{package_name}.{module.name}")


def load_model(path, **kwargs):
    import keras

    import_building_blocks()
    return keras.saving.load_model(path, **kwargs)
