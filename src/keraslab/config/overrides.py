"""`--set key=value` overrides: values arrive as strings and are typed by the schema."""

import yaml

from keraslab.errors import ConfigError


def parse_overrides(pairs):
    """['epochs=3', 'model.units=64'] -> {'epochs': '3', 'model': {'units': 64}}."""
    overrides = {}
    for pair in pairs:
        if "=" not in pair:
            raise ConfigError(f"--set '{pair}' must look like key=value, e.g. --set epochs=3.")
        key, value = pair.split("=", 1)
        key = key.strip()
        if not key:
            raise ConfigError(f"--set '{pair}' has no key before '='; write key=value.")
        parts = key.split(".")
        target = overrides
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        # Nested values have no schema type of their own, so YAML types them ('64' -> 64).
        target[parts[-1]] = _yaml_scalar(value) if len(parts) > 1 else value
    return overrides


def _yaml_scalar(text):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def merge(base, overrides):
    """Deep-merge `overrides` into a copy of `base`."""
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged
