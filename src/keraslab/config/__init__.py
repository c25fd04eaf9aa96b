"""Declarative configs: a schema per task, preset files, `--set` overrides, rendering."""

from keraslab.config.schema import Field, Schema
from keraslab.config.presets import Preset, load_preset, list_presets
from keraslab.config.resolve import resolve

__all__ = ["Field", "Schema", "Preset", "load_preset", "list_presets", "resolve"]
