"""Rows of a CSV in, the trained MLP's predictions out: the same columns, imputation, scaling and
one-hot encoding as the training rows had (spec.json holds the statistics fit on them)."""

import functools
import math

import numpy as np

from keraslab.errors import DataError
from keraslab.predictors.base import IMAGE_SUFFIXES, Predictor, existing_file, predict_batches


class TabularPredictor(Predictor):
    takes = "CSV files"
    spec_kind = "tabular"

    @functools.cached_property
    def features(self):
        from keraslab.data.tabular_features import TabularFeatures

        return TabularFeatures.from_json(self.spec["features"])

    @property
    def columns(self):
        return [*self.features.numeric, *self.features.categorical]

    def predict(self, inputs, top=1):
        """One dict per data row: {"input": "file.csv:ROW", "prediction": value or class, ...}; a classifier
        with `top` > 1 adds its `top` most likely classes."""
        tables = [self._read(path) for path in self.require_inputs(inputs)]  # every file checked first
        rows = []
        for path, table in zip(inputs, tables):
            outputs = predict_batches(self.model, self.features.transform(table))
            if self.spec["problem"] == "regression":
                found = [{"prediction": float(value)} for value in outputs[:, 0]]
            else:
                found = label_rows(outputs, self.spec["class_names"], top)
            rows += [{"input": f"{path}:{number + 2}", **row} for number, row in enumerate(found)]
        return rows

    def _read(self, path):
        from keraslab.data.csv_table import is_missing, read_csv

        found = existing_file(path, self.takes, self.task)
        if found.suffix.lower() in IMAGE_SUFFIXES or not _is_text(found):
            why = "" if found.suffix.lower() in IMAGE_SUFFIXES else " (not UTF-8 text)"
            raise DataError(f"predict on a tabular run takes CSV files; '{path}' is not one{why}. Give a UTF-8 CSV "
                            f"with a header row naming the columns {_listed(self.columns)}.")
        try:
            table = read_csv(found)
        except UnicodeDecodeError:
            raise DataError(f"predict on a tabular run takes CSV files; '{path}' is not one (not UTF-8 text). "
                            "Save it as UTF-8 (spreadsheet programs offer 'CSV UTF-8').") from None
        missing = [column for column in self.columns if column not in table.cells]
        if missing:
            raise DataError(f"'{path}' lacks column{'s' if len(missing) > 1 else ''} {_listed(missing)}, which the "
                            f"model was trained on; its header has {_listed(table.columns)}. Name the columns as "
                            "in the training CSV.")
        for column in self.features.numeric:
            for number, cell in enumerate(table.cells[column], start=2):
                if is_missing(cell):
                    continue  # filled with the training median, as in training
                try:
                    value = float(cell)
                except ValueError:
                    value = None
                if value is None or not math.isfinite(value):
                    raise DataError(f"Row {number} of '{path}': column '{column}' holds '{cell}', but the model "
                                    "takes a finite number there. Fix the cell, or leave it empty to use the "
                                    "training median.")
        table.kinds.update({column: "numeric" for column in self.features.numeric})
        return table


def label_rows(probabilities, class_names, top=1):
    """The most likely class and its probability, for each row of class probabilities; with `top` > 1, also
    the `top` most likely classes, best first (what a dashboard or an API shows)."""
    rows = []
    for row in np.asarray(probabilities):
        best = int(np.argmax(row))
        found = {"prediction": class_names[best], "probability": float(row[best])}
        if top > 1:
            ranked = np.argsort(-row, kind="stable")[:top]
            found["top"] = [{"class": class_names[i], "probability": float(row[i])} for i in ranked]
        rows.append(found)
    return rows


def _is_text(path, probe=65536):
    with open(path, "rb") as handle:
        head = handle.read(probe)
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut in two by the probe's end is still text.
        return len(head) == probe and error.start > probe - 4
    return True


def _listed(names, shown=8):
    names = list(names)
    return ", ".join(names[:shown]) + (f", ... ({len(names)} in all)" if len(names) > shown else "")
