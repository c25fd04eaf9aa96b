"""A search space: which config keys a tuner varies, and over what.

One syntax on the command line (`--search KEY=SPEC`) and in a config's `search:` block:

    learning_rate=log:1e-4..1e-2      a float, sampled on a log scale
    dropout_rate=float:0..0.5         a float, uniform; float:0..0.5:0.1 in steps of 0.1
    batch_size=int:16..128:16         an integer, in steps of 16 (default 1)
    units=logint:32..512              an integer, sampled on a log scale
    optimizer=cat:adam,sgd            one of the choices; list-valued keys separate choices with '|':
    hidden_units=cat:64|128,64        ([64] or [128, 64])

In YAML a list of choices is also a categorical, and a mapping spells the parts out:
`{type: log, low: 1e-4, high: 1e-2}`. Every key, bound and choice is checked against the preset's
schema before anything runs, so a typo costs a second, not a trial.
"""

import math
import re
from dataclasses import dataclass

from keraslab.errors import ConfigError, did_you_mean

KINDS = ("float", "log", "int", "logint", "cat")
_RANGE = re.compile(r"^\s*([^.][^:]*?)\s*\.\.\s*([^:]+?)\s*(?::\s*(.+?)\s*)?$")


@dataclass(frozen=True)
class Dimension:
    key: str
    kind: str  # one of KINDS
    low: float | int | None = None
    high: float | int | None = None
    step: float | int | None = None
    choices: tuple = ()

    def suggest(self, trial):
        """The value for this trial, as a --set string (the schema types it, as for any --set)."""
        if self.kind == "cat":
            return trial.suggest_categorical(self.key, list(self.choices))
        if self.kind in ("int", "logint"):
            return str(trial.suggest_int(self.key, self.low, self.high, step=self.step or 1,
                                         log=self.kind == "logint"))
        return repr(trial.suggest_float(self.key, self.low, self.high, step=self.step, log=self.kind == "log"))



def parse_search(entries, schema, where):
    """[(key, spec)] (spec a string, list or mapping) -> [Dimension], checked against `schema`."""
    dimensions = []
    for key, spec in entries:
        if any(d.key == key for d in dimensions):
            raise ConfigError(f"Search key '{key}' in {where} is given twice; give each key one range.")
        dimensions.append(parse_dimension(key, spec, schema, where))
    return dimensions


def parse_cli(pairs):
    """['learning_rate=log:1e-4..1e-2'] -> [('learning_rate', 'log:1e-4..1e-2')]."""
    entries = []
    for pair in pairs:
        key, separator, spec = pair.partition("=")
        if not separator or not key.strip() or not spec.strip():
            raise ConfigError(f"--search '{pair}' must look like KEY=KIND:RANGE, e.g. --search "
                              "learning_rate=log:1e-4..1e-2 or --search optimizer=cat:adam,sgd.")
        entries.append((key.strip(), spec.strip()))
    return entries


def parse_dimension(key, spec, schema, where):
    subject = f"Search key '{key}' in {where}"
    field = _field(key, schema, subject)
    if isinstance(spec, (list, tuple)):
        spec = {"type": "cat", "choices": list(spec)}
    if isinstance(spec, dict):
        return _from_mapping(key, spec, field, subject)
    if not isinstance(spec, str) or ":" not in spec:
        raise ConfigError(f"{subject}: '{spec}' must look like KIND:RANGE with KIND one of {', '.join(KINDS)}, "
                          "e.g. log:1e-4..1e-2, int:32..512 or cat:adam,sgd.")
    kind, rest = (part.strip() for part in spec.split(":", 1))
    if kind not in KINDS:
        raise ConfigError(f"{subject}: kind '{kind}' is not one of {', '.join(KINDS)}." + did_you_mean(kind, KINDS))
    if kind == "cat":
        separator = "|" if field.type is list or "|" in rest else ","
        return _categorical(key, [c.strip() for c in rest.split(separator)], field, subject, separator)
    match = _RANGE.match(rest)
    if not match:
        raise ConfigError(f"{subject}: '{spec}' needs a range LOW..HIGH, e.g. {kind}:"
                          f"{'1e-4..1e-2' if kind in ('log', 'float') else '32..512'}.")
    low, high, step = match.groups()
    return _numeric(key, kind, low, high, step, field, subject)


def _from_mapping(key, spec, field, subject):
    kind = spec.get("type")
    if kind not in KINDS:
        raise ConfigError(f"{subject}: 'type' must be one of {', '.join(KINDS)}; got {kind!r}."
                          + did_you_mean(kind, KINDS))
    unknown = set(spec) - ({"type", "choices"} if kind == "cat" else {"type", "low", "high", "step"})
    if unknown:
        raise ConfigError(f"{subject}: unknown entry '{sorted(unknown)[0]}' for type {kind}; use "
                          + ("choices" if kind == "cat" else "low, high and step") + ".")
    if kind == "cat":
        choices = spec.get("choices")
        if not isinstance(choices, list):
            raise ConfigError(f"{subject}: a cat needs 'choices', a list, e.g. choices: [adam, sgd].")
        return _categorical(key, choices, field, subject, "|" if field.type is list else ",")
    if "low" not in spec or "high" not in spec:
        raise ConfigError(f"{subject}: type {kind} needs low and high, e.g. {{type: {kind}, low: 1, high: 10}}.")
    return _numeric(key, kind, spec["low"], spec["high"], spec.get("step"), field, subject)


def _numeric(key, kind, low, high, step, field, subject):
    if field.type not in (int, float):
        raise ConfigError(f"{subject}: '{key}' takes {_type_name(field)}, so a {kind} range cannot set it; "
                          f"list the choices instead, e.g. --search {key}=cat:A,B.")
    integer = kind in ("int", "logint")
    if not integer and field.type is int:
        raise ConfigError(f"{subject}: '{key}' is an integer; use int:LOW..HIGH or logint:LOW..HIGH.")
    low, high = _number(low, integer, subject, "low"), _number(high, integer, subject, "high")
    if low > high:
        raise ConfigError(f"{subject}: low {low:g} is above high {high:g}; write {kind}:{high:g}..{low:g}.")
    if kind in ("log", "logint") and low <= 0:
        raise ConfigError(f"{subject}: a log range must stay above 0, got {low:g}..{high:g}; start it above 0 "
                          f"(e.g. {kind}:{_log_example(high)}..{high:g}) or use {'int' if integer else 'float'}:.")
    if step is not None:
        step = _number(step, integer, subject, "step")
        if step <= 0:
            raise ConfigError(f"{subject}: step must be above 0, got {step:g}.")
        if kind in ("log", "logint") and (kind == "log" or step != 1):
            raise ConfigError(f"{subject}: a log range takes no step; drop ':{step:g}' or use "
                              f"{'int' if integer else 'float'}:{low:g}..{high:g}:{step:g}.")
    for bound in (low, high):  # both ends must be values the key accepts (a rate of 0, a split of 1, ...)
        field.coerce(bound, f"--search of {_where(subject)}")
    return Dimension(key, kind, low, high, step)


def _categorical(key, choices, field, subject, separator):
    texts = [_choice_text(c, separator) for c in choices]
    if len(texts) < 2 or not all(texts):
        raise ConfigError(f"{subject}: cat needs two or more non-empty choices separated by '{separator}', "
                          f"e.g. cat:{'64|128,64' if separator == '|' else 'adam,sgd'}.")
    if len(set(texts)) < len(texts):
        raise ConfigError(f"{subject}: choice '{next(t for t in texts if texts.count(t) > 1)}' is listed twice.")
    for text in texts:
        field.coerce(text, f"--search of {_where(subject)}")
    return Dimension(key, "cat", choices=tuple(texts))


def _choice_text(choice, separator):
    """A choice as the --set string that means it (lists as '128,64')."""
    if isinstance(choice, (list, tuple)):
        return ",".join(str(item) for item in choice)
    if isinstance(choice, bool):
        return str(choice).lower()
    return str(choice).strip()


def _field(key, schema, subject):
    if key in ("task", "seed"):
        raise ConfigError(f"{subject}: '{key}' cannot be searched (a trial's seed is the preset's); drop it.")
    if key not in schema._by_name:
        names = [n for n in schema._by_name if n != "task"]
        raise ConfigError(f"{subject}: the preset has no key '{key}'."
                          + (did_you_mean(key, names) or f" Its keys: {', '.join(names)}."))
    return schema.field(key)


def _number(text, integer, subject, part):
    try:
        value = float(text)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or (integer and not value.is_integer()):
        raise ConfigError(f"{subject}: {part} {text!r} is not {'an integer' if integer else 'a finite number'}.")
    return int(value) if integer else value


def _where(subject):
    return subject.split(" in ", 1)[1]


def _log_example(high):
    return f"{high / 100:g}"


def _type_name(field):
    return {list: "a list", str: "a string", bool: "true or false", dict: "a mapping"}.get(field.type, "a value")
