"""CSV files as tables: column types inferred, missing values found and reported, bad cells named."""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from keraslab.errors import DataError

MISSING = {"", "?", "na", "n/a", "nan", "null", "none"}
# A column is numeric when at least this share of its present cells parse as numbers; the rest
# are then typos worth stopping for, not categories.
_NUMERIC_SHARE = 0.9
# Models compute in float32: a larger number becomes infinity there.
_FLOAT32_MAX = 3.4028234663852886e38


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


def read_text_cells(path, kind="CSV file"):
    """The text of a data file, decoded strictly as UTF-8; binary content refused with the fix."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{kind} '{path}' not found. Check the path given to --set data=.")
    if path.is_dir():
        raise DataError(f"{kind} '{path}' is a folder, not a file. Give the file itself to --set data=.")
    if not path.is_file():
        raise DataError(f"{kind} '{path}' is not a regular file (a device or pipe). Give a file on disk.")
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise DataError(f"{kind} '{path}' cannot be read (permission denied). Fix its permissions "
                        "(chmod u+r) or copy it somewhere readable.") from None
    binary = binary_kind(raw)
    if binary:
        raise DataError(f"{kind} '{path}' is {binary}, not text. Give a plain-text file (a CSV for tables).")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(f"{kind} '{path}' is UTF-16. Save it as UTF-8, e.g. iconv -f utf-16 -t utf-8 IN > OUT.")
    if b"\x00" in raw:
        line = raw[:raw.index(b"\x00")].count(b"\n") + 1
        raise DataError(f"{kind} '{path}' holds a NUL byte on line {line}: it is binary or damaged, not text. "
                        "Give a plain-text CSV (export it again as CSV UTF-8).")
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark (Excel writes one)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise DataError(f"{kind} '{path}' is not UTF-8: byte 0x{raw[error.start]:02x} on line {line}. Save it as "
                        "UTF-8, e.g. iconv -f latin1 -t utf-8 IN > OUT.") from None


# The first bytes of files often given by mistake where text is expected.
_MAGIC = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"PK\x03\x04", "a zip archive (or an Excel/.keras file)"), (b"\x1f\x8b", "gzip-compressed"),
          (b"%PDF", "a PDF document"), (b"\x93NUMPY", "a NumPy array file"))


def binary_kind(raw):
    """'a PNG image', 'a zip archive', ... for well-known binary formats, else None."""
    return next((name for magic, name in _MAGIC if raw.startswith(magic)), None)


def read_csv(path, columns=None):
    """Read a CSV (header row unless `columns` names them) into a Table.

    Refused, with the row or column named: text that is not UTF-8, NUL bytes, ragged rows, duplicate
    or empty column names, and infinite numbers (1e400, inf), which would turn a column's statistics
    into NaN. Empty cells and NaN spellings (MISSING) are missing values, reported and filled later.
    """
    path = Path(path)
    text = read_text_cells(path)
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise DataError(f"CSV file '{path}' cannot be parsed ({error}). Fix its quoting or export it again.") from None
    if columns is None:
        if not rows:
            raise DataError(f"CSV file '{path}' is empty. Give a file with a header row and data rows.")
        columns, rows = [c.strip() for c in rows[0]], rows[1:]
    _check_column_names(columns, path)
    if len(columns) == 1:
        separator = next((name for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars"))
                          if sep in columns[0]), None)
        if separator:
            raise DataError(f"CSV file '{path}' has one column '{columns[0]}': it looks separated by {separator}, "
                            "but keraslab reads comma-separated files. Save it with commas.")
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
            infinite = next((i for i, v in enumerate(values, start=2)
                             if not is_missing(v) and not abs(float(v)) <= _FLOAT32_MAX), None)
            if infinite is not None:
                raise DataError(f"Column '{column}' of {path} holds '{values[infinite - 2]}' in row {infinite}, "
                                "which is infinite or too large for the models' 32-bit floats; it would turn the "
                                "column's mean and std into NaN. Replace it with a number, or leave the cell empty "
                                "to mark it missing.")
            kinds[column] = "numeric"
        elif present and len(numbers) >= _NUMERIC_SHARE * len(present):
            bad_row = next(i for i, v in enumerate(values, start=2) if not is_missing(v) and not _is_number(v))
            raise DataError(f"Column '{column}' of {path} is numeric but row {bad_row} holds "
                            f"'{values[bad_row - 2]}'. Fix the cell or leave it empty to mark it missing.")
        else:
            kinds[column] = "categorical"
    return Table(str(path), columns, cells, kinds, missing)


def _check_column_names(columns, path):
    for position, name in enumerate(columns, start=1):
        if not name:
            raise DataError(f"Column {position} of {path} has no name in the header row. Name it, or delete "
                            "the column if it is a saved row index.")
    repeated = [name for name, count in Counter(columns).items() if count > 1]
    if repeated:
        raise DataError(f"Column name '{repeated[0]}' appears {columns.count(repeated[0])} times in the header "
                        f"of {path}; every column needs its own name. Rename the copies.")


def require_column(table, column):
    if column not in table.cells:
        raise DataError(f"Column '{column}' not found in {table.path}. Columns: {', '.join(table.columns)}. "
                        "Pass the right one with --set target=COLUMN.")


def load_csv_dataset(folder, dataset):
    """Loader for registered CSV datasets (see the registry entries' `extra`)."""
    return read_csv(folder / dataset.extra["file"], columns=dataset.extra.get("columns"))
