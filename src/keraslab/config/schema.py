"""Typed config schemas: each field carries type, default, constraint and description in one place.

A schema turns a plain dict (from YAML and `--set`) into a validated dict, and turns every
violated constraint into a message that names the key, what was expected and the fix.
"""

import math
from dataclasses import dataclass, field as dataclass_field

from keraslab.errors import ConfigError, did_you_mean

_TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "true or false",
               list: "a list", dict: "a mapping"}
_PLURAL_NAMES = {int: "integers", float: "numbers", str: "strings", bool: "true/false values"}
# One range for every backend: NumPy's global seed takes 32 bits, and tasks add offsets of up to a few
# million for their evaluation streams, so the user's seed stays below 2**31.
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class Field:
    """One config key. `type` is int, float, str, bool, list or dict; None allowed if `optional`.

    A list field names its `item` type; then `choices`, `min` and `max` constrain each item, and
    `min_items` the length. `when` limits a key to some variants of the task, e.g.
    `when={"model": ("ddpm",)}`: setting it for another variant is refused (it would do nothing).
    """

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
    item: type | None = None
    min_items: int = 0
    when: dict = dataclass_field(default_factory=dict, hash=False)

    def coerce(self, value, where):
        """Return `value` as this field's type, or raise ConfigError naming `where` and the key."""
        if value is None:
            if self.optional:
                return None
            raise ConfigError(f"Key '{self.name}' in {where} needs {_TYPE_NAMES[self.type]}, got null. "
                              f"Set it, e.g. --set {self.name}={_example(self.default)}.")
        coerced = _as_type(value, self.type)
        if coerced is _NOT_FINITE:
            raise ConfigError(f"Key '{self.name}' in {where} must be a finite number, got {value!r}. "
                              f"NaN and infinity are refused; e.g. --set {self.name}={_example(self.default)}.")
        if coerced is _INVALID:
            raise ConfigError(f"Key '{self.name}' in {where} must be {_TYPE_NAMES[self.type]}, "
                              f"got {value!r}. Fix the value, e.g. --set {self.name}={_example(self.default)}.")
        if self.type is list and self.item is not None:
            return self._coerce_items(coerced, where)
        self._check_range(coerced, where)
        return coerced

    def _coerce_items(self, values, where):
        if len(values) < self.min_items:
            raise ConfigError(f"Key '{self.name}' in {where} needs at least {self.min_items} "
                              f"item{'s' if self.min_items > 1 else ''}, got {len(values)}. "
                              f"E.g. --set {self.name}={_example(self.default)}.")
        items = []
        for position, value in enumerate(values, start=1):
            coerced = _as_type(value, self.item)
            if coerced is _INVALID or coerced is _NOT_FINITE:
                raise ConfigError(f"Key '{self.name}' in {where} must be a list of "
                                  f"{'finite ' if self.item is float else ''}{_PLURAL_NAMES[self.item]}; "
                                  f"item {position} is {value!r}. E.g. --set {self.name}={_example(self.default)}.")
            self._check_range(coerced, where, position)
            items.append(coerced)
        return items

    def _check_range(self, value, where, position=None):
        subject = f"Key '{self.name}' in {where}" + (" must be" if position is None else ": each item must be")
        shown = f"'{value}'" if isinstance(value, str) else value
        got = f"got {shown}" if position is None else f"item {position} is {shown}"
        if self.choices and value not in self.choices:
            choices = ", ".join(map(str, self.choices))
            raise ConfigError(f"{subject} one of {choices}; {got}." + did_you_mean(value, self.choices))
        if self.min is not None and (value < self.min or (self.min_exclusive and value == self.min)):
            raise ConfigError(f"{subject} {_bound_text(self)}; {got}.")
        if self.max is not None and (value > self.max or (self.max_exclusive and value == self.max)):
            raise ConfigError(f"{subject} {_bound_text(self)}; {got}.")

    def applies(self, config):
        """False when `when` names a variant other than the one `config` chose."""
        return all(config.get(key) in allowed for key, allowed in self.when.items())


_INVALID = object()
_NOT_FINITE = object()


def _example(default):
    """A default as the user would type it after --set (lists comma-separated)."""
    if isinstance(default, (list, tuple)):
        return ",".join(map(str, default)) if default else "A,B"
    if isinstance(default, bool):
        return str(default).lower()
    return default if default is not None else "VALUE"


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
                return int(value.strip())
            except ValueError:
                return _INVALID
        return _INVALID
    if kind is float:
        if isinstance(value, bool):
            return _INVALID
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                return _INVALID
        else:
            return _INVALID
        return number if math.isfinite(number) else _NOT_FINITE
    if kind is str:
        return value if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else _INVALID
    if kind is list:
        if isinstance(value, (list, tuple)):
            return list(value)
        if isinstance(value, str):
            # --set hidden_units=64,32 (brackets allowed: [64, 32]); an empty value is the empty list.
            text = value.strip()
            if text.startswith("[") and text.endswith("]"):
                text = text[1:-1]
            return [part.strip() for part in text.split(",") if part.strip()]
        return [value]
    if kind is dict:
        return value if isinstance(value, dict) else _INVALID
    raise TypeError(f"unsupported field type {kind}")


def _bound_text(field):
    parts = []
    if field.min is not None:
        parts.append(f"{'>' if field.min_exclusive else '>='} {_number(field.min)}")
    if field.max is not None:
        parts.append(f"{'<' if field.max_exclusive else '<='} {_number(field.max)}")
    return " and ".join(parts)


def _number(bound):
    return str(bound) if isinstance(bound, int) else f"{bound:g}"


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
    # Keys renamed so one word means one thing across schemas: old name -> new name.
    renamed: dict = dataclass_field(default_factory=dict)

    def __post_init__(self):
        self.fields = list(COMMON_FIELDS) + list(self.fields)
        self._by_name = {f.name: f for f in self.fields}

    def field(self, name):
        return self._by_name[name]

    def defaults(self):
        return {f.name: f.default for f in self.fields}

    def validate(self, values, where, chosen=None):
        """Merge `values` over the defaults, rejecting unknown keys with a did-you-mean.

        `chosen`: the keys someone chose (preset and --set, not --smoke); each must apply to the
        variant the config selects, and a renamed key is refused with its new name. None means a
        saved run's config: it holds every key, so none is checked, and renamed keys are read under
        their new names (runs saved before a rename still resume).
        """
        config = self.defaults()
        if chosen is None:
            values = {self.renamed.get(key, key): value for key, value in values.items()
                      if not (key in self.renamed and self.renamed[key] in values)}
        for key, value in values.items():
            if key not in self._by_name:
                if key in self.renamed:
                    raise ConfigError(f"Key '{key}' in {where} is now called '{self.renamed[key]}'; "
                                      f"write {self.renamed[key]} instead.")
                raise ConfigError(f"Unknown key '{key}' in {where}."
                                  + (did_you_mean(key, self._by_name) or
                                     f" Known keys: {', '.join(self._by_name)}."))
            config[key] = self._by_name[key].coerce(value, where)
        for key in chosen or ():
            field = self._by_name.get(key)
            if field is not None and not field.applies(config):
                variant, allowed = next((k, v) for k, v in field.when.items() if config.get(k) not in v)
                raise ConfigError(f"Key '{key}' in {where} applies only when {variant} is "
                                  f"{' or '.join(allowed)}; this config has {variant}={config.get(variant)}. "
                                  f"Drop {key}, or set --set {variant}={allowed[0]}.")
        if self.check is not None:
            self.check(config, where)
        if "learning_rate_schedule" in config:
            from keraslab.config.schedule import check_schedule

            check_schedule(config, where)
        if "precision" in config:
            from keraslab.config.precision import check_precision

            check_precision(config, where, self.task)
        return config


COMMON_FIELDS = (
    Field("task", str, None, "The task family that runs this config.", optional=True),
    Field("seed", int, 42, "One seed drives Python, NumPy and the backend: same seed, same result.", min=0,
          max=MAX_SEED),
)
