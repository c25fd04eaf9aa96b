"""Preset + overrides + smoke -> the fully resolved, validated config."""

from keraslab.config.overrides import merge, parse_overrides
from keraslab.config.presets import load_preset
from keraslab.config.schemas import schema_for


def resolve(preset_or_file, overrides=(), smoke=False, **keyword_overrides):
    """Return (preset, schema, config). `overrides` are --set strings; keywords are typed values."""
    preset = load_preset(preset_or_file)
    schema = schema_for(preset.task, preset.source)
    values = merge(preset.config, parse_overrides(overrides))
    values = merge(values, keyword_overrides)
    if smoke:
        values = merge(values, schema.smoke)
    values.pop("task", None)
    config = schema.validate(values, preset.source)
    config["task"] = preset.task
    return preset, schema, config
