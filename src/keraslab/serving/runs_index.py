"""What the dashboard shows of a run, read only through `RunDirectory` and the preset it ran.

    summary(run)        one row of the runs table: preset, lesson, status, backend, headline metric
                        against the preset's target and the course's figure, wall time
    lab_sheet(preset)   which course lab, what it teaches, the course's figure, ours as docs/labs.md measured it
    curves(runs)        learning curves per phase, as uPlot reads them
    config_differences  the keys whose values differ between runs
"""

import datetime
import functools
import re
from pathlib import Path

from keraslab.errors import KeraslabError
from keraslab.training.run_dir import RunDirectory

# A run is named runs/<preset>/<timestamp>-<id>/; anything else in a URL is refused before the disk is read.
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def find_run(runs_dir, preset, name):
    """The run runs_dir/preset/name, or None: names are checked, and the folder must be inside runs_dir
    (a link that leads out is not followed)."""
    if not (_SEGMENT.match(preset or "") and _SEGMENT.match(name or "")) or ".." in preset or ".." in name:
        return None
    root = Path(runs_dir).resolve()
    folder = root / preset / name
    try:
        if not folder.resolve(strict=True).is_relative_to(root) or not (folder / "config.yaml").is_file():
            return None
    except (OSError, RuntimeError):
        return None
    return RunDirectory(folder)


def run_id(run):
    return f"{run.path.parent.name}/{run.path.name}"


@functools.lru_cache(maxsize=4096)
def _saved_config(path, stamp):
    """config.yaml is written once when a run starts: read it once per (folder, modification time)."""
    try:
        return RunDirectory(path).read_config()
    except KeraslabError:
        return {"config": {}}


def saved_config(run):
    try:
        stamp = (run.path / "config.yaml").stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _saved_config(run.path, stamp)


@functools.cache
def preset_info(name):
    """The shipped preset's metadata, or None for a YAML file or a preset this keraslab does not ship."""
    from keraslab.config.presets import load_preset, preset_names

    return load_preset(name) if name in preset_names() else None


def headline(metrics, preset):
    """(metric, target rule) the table shows: the preset's own target first, else the first test metric."""
    if preset is not None:
        for metric, rule in preset.expect.items():
            if metric in metrics:
                return metric, str(rule)
    for metric, value in metrics.items():
        if metric.startswith("test_") and isinstance(value, (int, float)) and not isinstance(value, bool):
            return metric, None
    numeric = [m for m, v in metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return (numeric[0], None) if numeric else (None, None)


def meets(value, rule):
    from keraslab.config.presets import parse_expectation

    if rule is None or not isinstance(value, (int, float)):
        return None
    op, bound = parse_expectation(rule, "", "")
    return {"<=": value <= bound, ">=": value >= bound, "<": value < bound, ">": value > bound}[op]


def summary(run):
    """One row of the runs table (JSON-ready)."""
    saved = saved_config(run)
    status = run.status()
    metrics, facts = run.metrics(), run.facts()
    name = saved.get("preset") or run.path.parent.name
    preset = preset_info(name)
    metric, rule = headline(metrics, preset)
    value = metrics.get(metric) if metric else None
    return {"id": run_id(run), "preset": name, "lesson": preset.lesson if preset else "Your own",
            "task": saved.get("config", {}).get("task", ""), "status": status.get("status", "unknown"),
            "reason": status.get("reason", ""), "backend": saved.get("backend") or facts.get("backend", ""),
            "smoke": bool(saved.get("smoke")), "started": started(run), "metric": metric,
            "value": value if isinstance(value, (int, float)) else None, "target": rule, "met": meets(value, rule),
            "course_figure": preset.course_figure if preset else "", "wall_seconds": facts.get("wall_seconds")}


def started(run):
    """The run's start, from its folder name (20260101-120000-abc123), as '2026-01-01 12:00:00'."""
    try:
        moment = datetime.datetime.strptime(run.path.name[:15], "%Y%m%d-%H%M%S")
    except ValueError:
        return ""
    return moment.isoformat(sep=" ")


def all_summaries(runs_dir):
    """Every run under runs_dir, newest first; a run reached through a link that leads out is left out."""
    root = Path(runs_dir).resolve()
    return [summary(run) for run in RunDirectory.all_under(runs_dir) if run.path.resolve().is_relative_to(root)]


def lab_sheet(name, metrics):
    """Which course lab a preset reproduces, what it teaches, the course's figure and ours (this run's, and
    the full preset's as docs/labs.md measured it when this is a source checkout)."""
    preset = preset_info(name)
    if preset is None:
        return None
    targets = []
    for metric, rule in preset.expect.items():
        value = metrics.get(metric)
        targets.append({"metric": metric, "target": str(rule), "value": value, "met": meets(value, str(rule))})
    return {"preset": name, "lesson": preset.lesson, "lab": preset.lab, "summary": preset.summary,
            "course_figure": preset.course_figure, "targets": targets, "measured": measured_in_docs(name)}


def measured_in_docs(name):
    """The 'ours (measured)' cell of docs/labs.md for this preset, or '' when the docs are not here."""
    return _labs_table().get(name, "")


@functools.lru_cache(maxsize=1)
def _labs_table():
    docs = Path(__file__).resolve().parents[3] / "docs" / "labs.md"
    found = {}
    try:
        lines = docs.read_text(encoding="utf-8").splitlines()
    except OSError:
        return found
    for line in lines:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[1].startswith("`"):
            preset = cells[1].strip("`").split()[0]
            found.setdefault(preset, cells[-1].replace("**", "").replace("`", ""))
    return found


def curves(run):
    """{phase: {"epochs": [...], "series": {metric: [...]}}} for uPlot (phases in the order they ran)."""
    found = {}
    for phase, history in run.phases().items():
        length = max((len(values) for values in history.values()), default=0)
        found[phase] = {"epochs": list(range(1, length + 1)),
                        "series": {metric: [*values, *[None] * (length - len(values))]
                                   for metric, values in history.items()}}
    return found


def config_differences(configs):
    """[(key, [value per run])] for every config key whose values are not all the same."""
    keys = list(dict.fromkeys(key for config in configs for key in config))
    missing = object()
    rows = []
    for key in keys:
        values = [config.get(key, missing) for config in configs]
        if any(value != values[0] for value in values[1:]):
            rows.append((key, ["(not set)" if value is missing else value for value in values]))
    return rows


def classification_report(run):
    """The run's classification_report.json (confusion matrix, per-class precision and recall), or None."""
    import json

    path = run.artifact("classification_report.json")
    if path is None:
        return None
    try:
        report = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return report if isinstance(report, dict) and "confusion_matrix" in report else None
