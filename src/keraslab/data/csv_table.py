"""CSV files as tables: column types inferred, missing values found and reported, bad cells named."""

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from keraslab.errors import DataError

MISSING = {"", "?", "na", "n/a", "nan", "null", "none"}
# A column is numeric when at least this share of its present cells parse as numbers; the rest
# are then typos worth stopping for, not categories.
_NUMERIC_SHARE = 0.9


@dataclass
class Table:
    """Columns of strings as read, with each column's inferred kind and its missing-value count."""

    path: str
    columns: list
    cells: dict
    kinds: dict
    missing: dict

    @property
    def num_rows(self):
        return len(next(iter(self.cells.values()))) if self.cells else 0

    def numeric(self, column):
        return np.array([np.nan if is_missing(v) else float(v) for v in self.cells[column]], dtype="float64")

    def missing_report(self):
        """'Strength: 3, Age: 1' for columns with missing cells, or ''."""
        return ", ".join(f"{c}: {n}" for c, n in self.missing.items() if n)


def is_missing(cell):
    return cell.strip().lower() in MISSING


def _is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def read_csv(path, columns=None):
    """Read a CSV (header row unless `columns` names them) into a Table."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"CSV file '{path}' not found. Check the path given to --set data=.")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    if columns is None:
        if not rows:
            raise DataError(f"CSV file '{path}' is empty. Give a file with a header row and data rows.")
        columns, rows = [c.strip() for c in rows[0]], rows[1:]
    if not rows:
        raise DataError(f"CSV file '{path}' has a header but no data rows. Add rows or pick another file.")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(columns):
            raise DataError(f"Row {number} of {path} has {len(row)} cells, expected {len(columns)} "
                            f"({', '.join(columns)}). Fix the row or its quoting.")
    cells = {c: [row[i].strip() for row in rows] for i, c in enumerate(columns)}
    kinds, missing = {}, {}
    for column, values in cells.items():
        present = [v for v in values if not is_missing(v)]
        missing[column] = len(values) - len(present)
        numbers = [v for v in present if _is_number(v)]
        if present and len(numbers) == len(present):
            kinds[column] = "numeric"
        elif present and len(numbers) >= _NUMERIC_SHARE * len(present):
            bad_row = next(i for i, v in enumerate(values, start=2) if not is_missing(v) and not _is_number(v))
            raise DataError(f"Column '{column}' of {path} is numeric but row {bad_row} holds "
                            f"'{values[bad_row - 2]}'. Fix the cell or leave it empty to mark it missing.")
        else:
            kinds[column] = "categorical"
    return Table(str(path), columns, cells, kinds, missing)


def require_column(table, column):
    if column not in table.cells:
        raise DataError(f"Column '{column}' not found in {table.path}. Columns: {', '.join(table.columns)}. "
                        "Pass the right one with --set target=COLUMN.")


def load_csv_dataset(folder, dataset):
    """Loader for registered CSV datasets (see the registry entries' `extra`)."""
    return read_csv(folder / dataset.extra["file"], columns=dataset.extra.get("columns"))
