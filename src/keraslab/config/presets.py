"""Preset files: one small YAML per course lab (and per improved version), shipped in the package.

A preset names a task and its settings, and says what it reproduces:

    lesson: the lesson it belongs to, for `keraslab list`
    lab: the course lab it reproduces and the course's figure
    summary: one line
    expect: targets on its metrics, e.g. {test_mse: "<= 30"}; checked by tests and benchmarks
    backends: the backends it runs on, when not all three, with backends_why saying why not
    task: the task family
    config: settings, validated by the task's schema
"""

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from keraslab.errors import ConfigError, did_you_mean

_META_KEYS = {"lesson", "lab", "summary", "expect", "task", "config", "course_figure", "backends", "backends_why",
              "search"}
_EXPECT = re.compile(r"^\s*(<=|>=|<|>)\s*(-?[0-9.eE+-]+)\s*$")


@dataclass
class Preset:
    name: str
    task: str
    config: dict
    lesson: str = "Your own"
    lab: str = ""
    summary: str = ""
    course_figure: str = ""
    expect: dict = field(default_factory=dict)
    source: str = ""
    backends: tuple = ("tensorflow", "jax", "torch")
    backends_why: str = ""
    # keraslab tune's search space ({key: "log:1e-4..1e-2", ...}); `run` ignores it.
    search: dict = field(default_factory=dict)

    def unmet_targets(self, metrics):
        """The targets in `expect` that `metrics` misses, as readable strings."""
        unmet = []
        for metric, rule in self.expect.items():
            op, bound = parse_expectation(rule, self.name, metric)
            value = metrics.get(metric)
            ok = value is not None and {"<=": value <= bound, ">=": value >= bound,
                                        "<": value < bound, ">": value > bound}[op]
            if not ok:
                unmet.append(f"{metric} {op} {bound:g} (got {value})")
        return unmet


def parse_expectation(rule, preset, metric):
    match = _EXPECT.match(str(rule))
    if not match:
        raise ConfigError(f"Target '{metric}: {rule}' in preset '{preset}' must look like '<= 30' or '>= 0.97'.")
    return match.group(1), float(match.group(2))


def _preset_dir():
    return resources.files("keraslab") / "presets"


def preset_names():
    return sorted(p.name[:-5] for p in _preset_dir().iterdir() if p.name.endswith(".yaml"))


def load_preset(name_or_path):
    """A shipped preset by name, or a YAML file by path."""
    text_path = str(name_or_path)
    if text_path.endswith((".yaml", ".yml")) or "/" in text_path:
        path = Path(text_path)
        if path.is_dir():
            raise ConfigError(f"Config file '{path}' is a folder. Give a YAML file (or a preset name, keraslab list).")
        if not path.is_file():
            raise ConfigError(f"Config file '{path}' not found. Give a preset name (keraslab list) or an existing YAML file.")
        return _parse(_read_yaml_text(path), path.stem, str(path))
    names = preset_names()
    if text_path not in names:
        raise ConfigError(f"Unknown preset '{text_path}'." + (did_you_mean(text_path, names)
                          or " Run 'keraslab list' to see every preset."))
    text = (_preset_dir() / f"{text_path}.yaml").read_text()
    return _parse(text, text_path, f"preset '{text_path}'")


def _read_yaml_text(path):
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise ConfigError(f"Config file '{path}' cannot be read (permission denied). Fix its permissions.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ConfigError(f"Config file '{path}' is not UTF-8 (byte 0x{raw[error.start]:02x} on line {line}). "
                          "Save it as UTF-8.") from None


def _parse(text, name, source):
    try:
        raw = yaml.safe_load(text) or {}
    except RecursionError:
        raise ConfigError(f"{source} nests too deeply to be a config. Fix the file.") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{source} is not valid YAML ({' '.join(str(error).split())[:120]}). Fix the syntax.")
    if not isinstance(raw, dict) or "task" not in raw:
        raise ConfigError(f"{source} must be a mapping with a 'task' key (and optional 'config'). See 'keraslab show quickstart'.")
    unknown = set(raw) - _META_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise ConfigError(f"Unknown top-level key '{key}' in {source}." + (did_you_mean(key, _META_KEYS)
                          or " Put task settings under 'config:'."))
    config = raw.get("config") or {}
    if not isinstance(config, dict):
        raise ConfigError(f"'config' in {source} must be a mapping of settings.")
    if not all(isinstance(key, str) for key in config):
        key = next(key for key in config if not isinstance(key, str))
        raise ConfigError(f"Key {key!r} under 'config' in {source} must be a name, e.g. epochs.")
    expect = raw.get("expect") or {}
    if not isinstance(expect, dict):
        raise ConfigError(f"'expect' in {source} must map metrics to targets, e.g. {{test_mse: '<= 30'}}.")
    for metric, rule in expect.items():
        parse_expectation(rule, name, metric)
    backends = raw.get("backends") or Preset.backends
    if isinstance(backends, str):
        backends = [backends]
    if not isinstance(backends, (list, tuple)) or not set(backends) <= set(Preset.backends):
        raise ConfigError(f"'backends' in {source} must list some of {', '.join(Preset.backends)}; got {backends!r}.")
    return Preset(name=name, task=str(raw["task"]), config=config, lesson=raw.get("lesson", "Your own"),
                  lab=raw.get("lab", ""), summary=raw.get("summary", ""),
                  course_figure=str(raw.get("course_figure", "")), expect=expect,
                  source=source, backends=tuple(backends),
                  backends_why=raw.get("backends_why", ""), search=_search_block(raw.get("search"), source))


def _search_block(search, source):
    if search is None:
        return {}
    if not isinstance(search, dict) or not all(isinstance(key, str) for key in search):
        raise ConfigError(f"'search' in {source} must map config keys to ranges, e.g. "
                          "{learning_rate: 'log:1e-4..1e-2', units: 'int:32..512'}.")
    return search


def list_presets():
    return [load_preset(name) for name in preset_names()]
