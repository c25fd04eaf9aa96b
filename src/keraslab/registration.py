"""Import every building block so `keras.saving.load_model` knows keraslab's registered classes.

A saved model names its custom layers ("keraslab>RandomShear"); Keras finds them only if their
modules were imported. Everything that loads a saved model goes through `load_model` here.
"""

import importlib
import pkgutil
from pathlib import Path

_BACKEND_SUFFIXES = ("_jax", "_torch", "_tensorflow")


def import_building_blocks():
    # keraslab.training.schedules: a model saved with its optimizer names its learning-rate schedule.
    for package_name in ("keraslab.layers", "keraslab.models", "keraslab.training.schedules"):
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
    """A saved model; a damaged or foreign file is refused with one line naming it (DataError)."""
    import zipfile

    import keras

    from keraslab.errors import DataError, KeraslabError, one_line

    import_building_blocks()
    if str(path).endswith(".keras") and Path(path).is_file() and not zipfile.is_zipfile(path):
        raise DataError(f"Model file '{path}' is damaged or not a Keras model (a .keras file is a zip archive). "
                        "Train the run again.")
    from keraslab.training.precision import policy, saved_policy

    try:
        with policy(saved_policy(path)):
            return keras.saving.load_model(path, **kwargs)
    except KeraslabError:
        raise
    except FileNotFoundError:
        raise DataError(f"Model file '{path}' not found; was the run completed? See 'keraslab runs'.") from None
    except (ValueError, OSError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise DataError(f"Model file '{path}' cannot be loaded ({type(error).__name__}: {one_line(error)[:160]}). "
                        "It is damaged or not a Keras model; train the run again.") from None
