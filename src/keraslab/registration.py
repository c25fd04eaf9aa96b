"""Import every building block so `keras.saving.load_model` knows keraslab's registered classes.

A saved model names its custom layers ("keraslab>RandomShear"); Keras finds them only if their
modules were imported. Loading code calls `import_building_blocks()` first.
"""

import importlib
import pkgutil


def import_building_blocks():
    for package_name in ("keraslab.layers", "keraslab.models"):
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package_name}.{module.name}")
