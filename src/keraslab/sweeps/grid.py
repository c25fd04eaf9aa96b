"""A sweep: one preset, a grid of --set values, one run per combination, one table of test metrics.

Every combination is validated before the first run starts, so a typo fails in a second, not after
an hour. Runs execute one after another in this process (same backend), each a normal run directory.
"""

import csv
import datetime
import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path

from keraslab.errors import ConfigError


def expand_grid(pairs, schema):
    """['lr=0.1,0.01', 'augmentation=flip|flip,shear'] -> (keys, [combination tuples of strings])."""
    keys, choices = [], []
    for pair in pairs:
        if "=" not in pair:
            raise ConfigError(f"--set '{pair}' must look like key=v1,v2,..., e.g. --set learning_rate=0.001,0.01.")
        key, value = (part.strip() for part in pair.split("=", 1))
        is_list = key in schema._by_name and schema.field(key).type is list
        separator = "|" if is_list or "|" in value else ","
        values = [v.strip() for v in value.split(separator)]
        if key in keys:
            raise ConfigError(f"--set '{key}' is given twice; list every value once: --set {key}=v1,v2.")
        if not all(values):
            raise ConfigError(f"--set '{pair}' has an empty value; separate values with '{separator}'.")
        keys.append(key)
        choices.append(values)
    return keys, list(itertools.product(*choices))


@dataclass
class SweepTable:
    keys: list
    rows: list = field(default_factory=list)
    saved_to: Path | None = None

    def metric_names(self):
        names = []
        for row in self.rows:
            names += [n for n in row["metrics"] if n not in names]
        return names

    def markdown(self):
        metrics = self.metric_names()
        header = [*self.keys, *metrics, "seconds", "run"]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in self.rows:
            cells = [*row["values"], *(_fmt(row["metrics"].get(m)) for m in metrics), f"{row['seconds']:.0f}",
                     row["run"]]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def save(self, folder):
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        metrics = self.metric_names()
        path = folder / f"sweep-{stamp}.csv"
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([*self.keys, *metrics, "seconds", "run"])
            for row in self.rows:
                writer.writerow([*row["values"], *(row["metrics"].get(m, "") for m in metrics), f"{row['seconds']:.1f}",
                                 row["run"]])
        path.with_suffix(".md").write_text(self.markdown() + "\n")
        self.saved_to = path
        return path


def _fmt(value):
    return "" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


def run_sweep(preset, pairs, backend=None, runs_dir="runs", smoke=False, quiet=True):
    from keraslab.api import run
    from keraslab.config.resolve import resolve

    chosen, schema, _ = resolve(preset, smoke=smoke)
    keys, combinations = expand_grid(pairs, schema)
    if not keys:
        raise ConfigError("keraslab sweep needs at least one --set key=v1,v2 to vary.")
    overrides = [[f"{k}={v}" for k, v in zip(keys, values)] for values in combinations]
    for chosen_overrides in overrides:  # validate the whole grid before any run
        resolve(preset, chosen_overrides, smoke=smoke)
    table = SweepTable(keys)
    for values, chosen_overrides in zip(combinations, overrides):
        started = time.perf_counter()
        result = run(preset, overrides=chosen_overrides, backend=backend, runs_dir=runs_dir, smoke=smoke, quiet=quiet)
        metrics = {k: v for k, v in result.metrics.items() if k.startswith("test_") and isinstance(v, (int, float))}
        table.rows.append({"values": list(values), "metrics": metrics, "seconds": time.perf_counter() - started,
                           "run": str(result.run_dir)})
        if not quiet:
            print(f"[{len(table.rows)}/{len(combinations)}] {' '.join(chosen_overrides)}: "
                  + ", ".join(f"{k}={_fmt(v)}" for k, v in metrics.items()), flush=True)
    table.save(Path(runs_dir) / chosen.name)
    return table
