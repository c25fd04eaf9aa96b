"""One schema per task family, discovered from this package: `<module>.SCHEMA`.

Schemas are plain Python (no Keras import), so `keraslab list` and `show` start instantly.
"""

import importlib
import pkgutil

from keraslab.errors import ConfigError, did_you_mean


def all_schemas():
    schemas = {}
    for module in pkgutil.iter_modules(__path__):
        schema = importlib.import_module(f"{__name__}.{module.name}").SCHEMA
        schemas[schema.task] = schema
    return schemas


def schema_for(task, where="config"):
    schemas = all_schemas()
    if task not in schemas:
        raise ConfigError(f"Unknown task '{task}' in {where}." + (did_you_mean(task, schemas)
                          or f" Tasks: {', '.join(sorted(schemas))}."))
    return schemas[task]
