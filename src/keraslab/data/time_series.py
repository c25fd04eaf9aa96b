"""A time series from a CSV: one date column, one numeric value column, rows in time order.

The date and value columns are found when not given: the date column is the first whose every
cell parses as a date, the value column the first numeric one after it. Nothing is repaired
silently: a missing or unparseable date, a non-numeric or missing value, or dates out of order
stop the run with the row to fix.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from keraslab.data.csv_table import is_missing, read_csv
from keraslab.errors import DataError

_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d",
                 "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y")
# Observations per year, by the typical gap between dates: the season of a seasonal-naive forecast.
_SEASONS = ((0.9, 1.1, 365), (6.5, 7.5, 52), (27.0, 32.0, 12), (88.0, 93.0, 4), (0.04, 0.045, 24))


@dataclass
class Series:
    path: str
    date_column: str
    value_column: str
    dates: list
    values: np.ndarray
    season: int


def _date_format(cell):
    for candidate in _DATE_FORMATS:
        try:
            datetime.datetime.strptime(cell, candidate)
            return candidate
        except ValueError:
            continue
    return None


def _infer_season(dates):
    gaps = np.diff([d.timestamp() for d in dates]) / 86400.0
    typical = float(np.median(gaps)) if len(gaps) else 0.0
    for low, high, season in _SEASONS:
        if low <= typical <= high:
            return season
    return 0


def read_series(path, date=None, value=None, season=0):
    """A Series from `path`; `date`/`value` name the columns, else they are found."""
    table = read_csv(path)
    columns = table.columns
    for key, column in (("date", date), ("value", value)):
        if column is not None and column not in columns:
            raise DataError(f"Column '{column}' (--set {key}=) not found in {path}. Columns: {', '.join(columns)}.")
    if date is None:
        found = [c for c in columns if all(not is_missing(v) and _date_format(v) for v in table.cells[c])]
        found = [c for c in found if table.kinds[c] != "numeric"] or found
        if not found:
            raise DataError(f"No column of {path} holds dates in every row. Name it with --set date=COLUMN "
                            "(formats like 2020-01-31, 2020-01, 31/01/2020), and fix rows without a date.")
        date = found[0]
    if value is None:
        numeric = [c for c in columns if c != date and table.kinds[c] == "numeric"]
        if not numeric:
            raise DataError(f"No numeric column besides '{date}' in {path}. Name the value column with "
                            "--set value=COLUMN and make its cells numbers.")
        value = numeric[0]
    dates = _parse_dates(table.cells[date], path, date)
    values = _parse_values(table.cells[value], path, value)
    for row in range(1, len(dates)):
        if dates[row] <= dates[row - 1]:
            raise DataError(f"Dates in column '{date}' of {path} are not strictly increasing at row {row + 2} "
                            f"({table.cells[date][row]} after {table.cells[date][row - 1]}). Sort the file by date "
                            "and remove duplicate dates.")
    return Series(str(path), date, value, dates, values, season or _infer_season(dates))


def _parse_dates(cells, path, column):
    first = next((c for c in cells if not is_missing(c)), None)
    form = _date_format(first) if first else None
    if form is None:
        raise DataError(f"Column '{column}' of {path} does not hold dates (first cell '{first}'). Use formats like "
                        "2020-01-31 or 2020-01, or name the date column with --set date=COLUMN.")
    dates = []
    for row, cell in enumerate(cells, start=2):
        if is_missing(cell):
            raise DataError(f"Row {row} of {path} has no date in column '{column}'. Fill it in or delete the row.")
        try:
            dates.append(datetime.datetime.strptime(cell, form))
        except ValueError:
            raise DataError(f"Row {row} of {path}: '{cell}' in column '{column}' is not a date like '{first}'. "
                            "Fix the cell.") from None
    return dates


def _parse_values(cells, path, column):
    values = []
    for row, cell in enumerate(cells, start=2):
        try:
            number = float(cell) if not is_missing(cell) else None
        except ValueError:
            raise DataError(f"Row {row} of {path}: value '{cell}' in column '{column}' is not a number. "
                            "Fix the cell (a forecaster needs every value).") from None
        if number is None:
            raise DataError(f"Row {row} of {path} has no value in column '{column}'. Fill the gap (e.g. interpolate) "
                            "or cut the series there; a forecaster needs every step.")
        values.append(number)
    return np.array(values, dtype="float64")


def load_series_dataset(folder, dataset, date=None, value=None, season=0):
    return read_series(Path(folder) / dataset.extra["file"], date or dataset.extra["date"], value or dataset.target,
                       season or dataset.extra.get("season", 0))


def load_series_data(value, date=None, value_column=None, season=0):
    from keraslab.data.load import dataset_folder, resolve_data

    source, found = resolve_data(value, "table")
    if source == "path":
        if found.is_dir():
            raise DataError(f"Data '{value}' is a folder; forecasting needs one CSV file with a date column.")
        return read_series(found, date, value_column, season)
    if found.kind != "timeseries":
        raise DataError(f"Dataset '{value}' holds {found.kind}, not a time series; try daily-min-temperatures, "
                        "airline-passengers, or a CSV with a date column.")
    return found.load_function()(dataset_folder(found), found, date, value_column, season)
