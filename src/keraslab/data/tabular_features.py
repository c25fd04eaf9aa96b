"""Turn table columns into a float matrix, with statistics fit on training rows only.

Saved as JSON beside the model so `keraslab predict` applies exactly the same transform.
"""

import numpy as np

from keraslab.errors import DataError


class TabularFeatures:
    """Standardised numeric columns and one-hot categorical columns."""

    def __init__(self, numeric=(), categorical=None, mean=None, std=None, medians=None, normalize=True):
        self.numeric = list(numeric)
        self.categorical = dict(categorical or {})   # column -> list of training categories
        self.mean, self.std, self.medians = mean or {}, std or {}, medians or {}
        self.normalize = normalize

    @classmethod
    def fit(cls, table, feature_columns, rows, normalize=True):
        numeric = [c for c in feature_columns if table.kinds[c] == "numeric"]
        categorical = {c: sorted({table.cells[c][i] for i in rows}) for c in feature_columns
                       if table.kinds[c] == "categorical"}
        features = cls(numeric, categorical, normalize=normalize)
        for column in numeric:
            values = table.numeric(column)[rows]
            # Missing numbers are imputed with the training median, never with test statistics.
            features.medians[column] = float(np.nanmedian(values)) if np.isfinite(values).any() else 0.0
            filled = np.where(np.isnan(values), features.medians[column], values)
            features.mean[column] = float(filled.mean())
            features.std[column] = float(filled.std()) or 1.0
        return features

    @property
    def width(self):
        return len(self.numeric) + sum(len(v) for v in self.categorical.values())

    def transform(self, table, rows=None):
        rows = np.arange(table.num_rows) if rows is None else rows
        blocks = []
        for column in self.numeric:
            if column not in table.cells:
                raise DataError(f"Column '{column}' missing from {table.path}; the model was trained with it.")
            values = table.numeric(column)[rows]
            values = np.where(np.isnan(values), self.medians[column], values)
            if self.normalize:
                values = (values - self.mean[column]) / self.std[column]
            blocks.append(values[:, None])
        for column, categories in self.categorical.items():
            if column not in table.cells:
                raise DataError(f"Column '{column}' missing from {table.path}; the model was trained with it.")
            cells = [table.cells[column][i] for i in rows]
            # Categories unseen in training rows become all zeros rather than an error.
            blocks.append(np.array([[cell == c for c in categories] for cell in cells], dtype="float64"))
        return np.concatenate(blocks, axis=1).astype("float32")

    def to_json(self):
        return {"numeric": self.numeric, "categorical": self.categorical, "mean": self.mean,
                "std": self.std, "medians": self.medians, "normalize": self.normalize}

    @classmethod
    def from_json(cls, data):
        return cls(**data)
