"""A series in, its next `horizon` values out: the model reads the last `window` values, scaled with
the training span's mean and scale (and, for `predict: change`, relative to the last value)."""

import numpy as np

from keraslab.errors import DataError
from keraslab.predictors.base import IMAGE_SUFFIXES, Predictor, existing_file, predict_batches


class Forecaster(Predictor):
    verbs = ("predict", "forecast")
    takes = "CSV files of a series (a date and a value column); none: the run's own series"

    spec_kind = "forecasting"

    def forecast(self, series=None):
        """{"after": the last date seen, "values": the next `horizon` values}, from a CSV path or, when
        `series` is None, from the end of the series the run trained on."""
        values, dates = self._series(series)
        window, mean, scale = self.spec["window"], self.spec["mean"], self.spec["scale"]
        if len(values) < window:
            raise DataError(f"'{series}' has {len(values)} values; this model reads the last {window}. Give a "
                            "longer series.")
        x = (values[-window:] - mean) / scale
        last = x[-1]
        if self.spec["predict"] == "change":
            x = x - last
        predicted = np.asarray(predict_batches(self.model, x[None, :, None].astype("float32")),
                               dtype="float64").reshape(-1)
        if self.spec["predict"] == "change":
            predicted = predicted + last
        return {"after": _date_text(dates[-1]), "values": [float(v) for v in predicted * scale + mean]}

    def predict(self, inputs):
        """One dict per (series, step ahead)."""
        rows = []
        for series in list(inputs) or [None]:
            found = self.forecast(series)
            rows += [{"input": series or self.config["data"], "after": found["after"], "step": step + 1,
                      "forecast": value} for step, value in enumerate(found["values"])]
        return rows

    def _series(self, path):
        from keraslab.data.csv_table import read_csv
        from keraslab.data.time_series import load_series_data, read_series

        date, value = self.spec["date"], self.spec["value"]
        if path is None:
            data = self.config["data"]
            try:
                series = load_series_data(data, date, value, self.spec["season"])
            except DataError as error:
                # Keep what went wrong, not the advice about --set, which predict does not have.
                what = ". ".join(s for s in str(error).split(". ") if "--set" not in s).rstrip(".")
                raise DataError(f"The series this run trained on ('{data}') cannot be read now ({what}); give a "
                                f"series CSV instead: keraslab predict {self.run_dir.path} SERIES.csv") from None
            return series.values, series.dates
        found = existing_file(path, self.takes, self.task)
        if found.suffix.lower() in IMAGE_SUFFIXES:
            raise DataError(f"predict on a forecasting run takes CSV files of a series; '{path}' is not one.")
        try:
            columns = read_csv(found).columns
        except UnicodeDecodeError:
            raise DataError(f"predict on a forecasting run takes CSV files of a series; '{path}' is not UTF-8 "
                            "text.") from None
        missing = [name for name in (date, value) if name not in columns]
        if missing:
            raise DataError(f"'{path}' lacks column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; the "
                            f"model was trained on '{value}' by '{date}'. Columns found: {', '.join(columns)}.")
        series = read_series(found, date, value, self.spec["season"])
        if not np.isfinite(series.values).all():
            row = int(np.flatnonzero(~np.isfinite(series.values))[0]) + 2
            raise DataError(f"Row {row} of '{path}': column '{value}' is not finite; the model needs real numbers. "
                            "Fix the cell.")
        return series.values, series.dates


def _date_text(moment):
    text = moment.isoformat(sep=" ")
    return text.removesuffix(" 00:00:00")
