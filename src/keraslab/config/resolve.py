"""Preset + overrides + smoke -> the fully resolved, validated config."""

from keraslab.config.overrides import merge, parse_overrides
from keraslab.config.presets import load_preset
from keraslab.config.schemas import schema_for
from keraslab.errors import ConfigError


def resolve(preset_or_file, overrides=(), smoke=False, **keyword_overrides):
    """Return (preset, schema, config). `overrides` are --set strings; keywords are typed values.

    `--smoke` shrinks the run, but never replaces a value the user set: the user's values are
    validated first (a bad one is refused, not hidden), then smoke fills in only the other keys.
    """
    preset = load_preset(preset_or_file)
    schema = schema_for(preset.task, preset.source)
    user = merge(parse_overrides(overrides), keyword_overrides)
    if "task" in user and user["task"] != preset.task:
        raise ConfigError(f"Key 'task' cannot be changed with --set ({preset.source} is a {preset.task} config); "
                          "pick a preset of that task (keraslab list) or write a YAML file.")
    values = merge(preset.config, user)
    values.pop("task", None)
    config = schema.validate(values, preset.source, chosen=values)
    if smoke:
        shrunk = merge(values, {k: v for k, v in schema.smoke.items() if k not in user})
        config = schema.validate(shrunk, preset.source, chosen=values)
    config["task"] = preset.task
    return preset, schema, config
