"""Typed config schemas: each field carries type, default, constraint and description in one place.

A schema turns a plain dict (from YAML and `--set`) into a validated dict, and turns every
violated constraint into a message that names the key, what was expected and the fix.
"""

from dataclasses import dataclass, field as dataclass_field

from keraslab.errors import ConfigError, did_you_mean

_TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "true or false",
               list: "a list", dict: "a mapping"}


@dataclass(frozen=True)
class Field:
    """One config key. `type` is int, float, str, bool, list or dict; None allowed if `optional`."""

    name: str
    type: type
    default: object
    help: str
    choices: tuple = ()
    min: float | None = None
    max: float | None = None
    # min_exclusive: the bound itself is not allowed (a rate of 0, a split of 1).
    min_exclusive: bool = False
    max_exclusive: bool = False
    optional: bool = False

    def coerce(self, value, where):
        """Return `value` as this field's type, or raise ConfigError naming `where` and the key."""
        if value is None:
            if self.optional:
                return None
            raise ConfigError(f"Key '{self.name}' in {where} needs {_TYPE_NAMES[self.type]}, got null. "
                              f"Set it, e.g. --set {self.name}={self.default!r}.")
        coerced = _as_type(value, self.type)
        if coerced is _INVALID:
            raise ConfigError(f"Key '{self.name}' in {where} must be {_TYPE_NAMES[self.type]}, "
                              f"got {value!r}. Fix the value, e.g. --set {self.name}={self.default!r}.")
        self._check_range(coerced, where)
        return coerced

    def _check_range(self, value, where):
        if self.choices and value not in self.choices:
            choices = ", ".join(map(str, self.choices))
            raise ConfigError(f"Key '{self.name}' in {where} must be one of {choices}; got '{value}'."
                              + did_you_mean(value, self.choices))
        if self.min is not None and (value < self.min or (self.min_exclusive and value == self.min)):
            raise ConfigError(f"Key '{self.name}' in {where} must be {_bound_text(self)}; got {value}.")
        if self.max is not None and (value > self.max or (self.max_exclusive and value == self.max)):
            raise ConfigError(f"Key '{self.name}' in {where} must be {_bound_text(self)}; got {value}.")


_INVALID = object()


def _as_type(value, kind):
    """`value` converted to `kind` (strings come from --set), or _INVALID."""
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "yes", "1", "false", "no", "0"):
            return value.lower() in ("true", "yes", "1")
        return _INVALID
    if kind is int:
        if isinstance(value, bool):
            return _INVALID
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                return _INVALID
        return _INVALID
    if kind is float:
        if isinstance(value, bool):
            return _INVALID
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return _INVALID
        return _INVALID
    if kind is str:
        return value if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else _INVALID
    if kind is list:
        if isinstance(value, (list, tuple)):
            return list(value)
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return [value]
    if kind is dict:
        return value if isinstance(value, dict) else _INVALID
    raise TypeError(f"unsupported field type {kind}")


def _bound_text(field):
    parts = []
    if field.min is not None:
        parts.append(f"{'>' if field.min_exclusive else '>='} {field.min:g}")
    if field.max is not None:
        parts.append(f"{'<' if field.max_exclusive else '<='} {field.max:g}")
    return " and ".join(parts)


@dataclass
class Schema:
    """The config of one task: its fields, what `--smoke` changes, and the module that runs it."""

    task: str
    module: str
    description: str
    fields: list = dataclass_field(default_factory=list)
    # Overrides applied by --smoke: the whole pipeline on a tiny slice in seconds.
    smoke: dict = dataclass_field(default_factory=dict)
    # Hook for checks across fields: a function(config, where) raising ConfigError.
    check: object = None

    def __post_init__(self):
        self.fields = list(COMMON_FIELDS) + list(self.fields)
        self._by_name = {f.name: f for f in self.fields}

    def field(self, name):
        return self._by_name[name]

    def defaults(self):
        return {f.name: f.default for f in self.fields}

    def validate(self, values, where):
        """Merge `values` over the defaults, rejecting unknown keys with a did-you-mean."""
        config = self.defaults()
        for key, value in values.items():
            if key not in self._by_name:
                raise ConfigError(f"Unknown key '{key}' in {where}."
                                  + (did_you_mean(key, self._by_name) or
                                     f" Known keys: {', '.join(self._by_name)}."))
            config[key] = self._by_name[key].coerce(value, where)
        if self.check is not None:
            self.check(config, where)
        return config


COMMON_FIELDS = (
    Field("task", str, None, "The task family that runs this config.", optional=True),
    Field("seed", int, 42, "One seed drives Python, NumPy and the backend: same seed, same result.", min=0),
)
