"""Predictions from a saved run. `preprocessing.json` in the run says how raw inputs become model inputs."""

import json
from pathlib import Path

import numpy as np

from keraslab.errors import DataError, KeraslabError


def predict(run_path, inputs):
    """A list of dicts, one per input row or image."""
    from keraslab.api import load_run

    result = load_run(run_path)
    spec_path = Path(run_path) / "preprocessing.json"
    if not spec_path.exists() or result.model is None:
        raise KeraslabError(f"Run {run_path} has no saved model with preprocessing.json; "
                            "predict needs a completed classifier or regressor run.")
    spec = json.loads(spec_path.read_text())
    predictors = {"tabular": _predict_tabular, "images": _predict_images}
    if spec["kind"] not in predictors:
        raise KeraslabError(f"Run {run_path} is a '{spec['kind']}' model; predict handles tables and images.")
    return predictors[spec["kind"]](result.model, spec, inputs)


def _label_rows(probabilities, class_names):
    rows = []
    for row in probabilities:
        best = int(np.argmax(row))
        rows.append({"prediction": class_names[best], "probability": float(row[best])})
    return rows


def _predict_tabular(model, spec, inputs):
    from keraslab.data.csv_table import read_csv
    from keraslab.data.tabular_features import TabularFeatures

    features = TabularFeatures.from_json(spec["features"])
    rows = []
    for path in inputs:
        table = read_csv(path)
        outputs = model.predict(features.transform(table), verbose=0)
        if spec["problem"] == "regression":
            found = [{"prediction": float(v)} for v in outputs[:, 0]]
        else:
            found = _label_rows(outputs, spec["class_names"])
        rows += [{"input": f"{path}:{i + 2}", **row} for i, row in enumerate(found)]
    return rows


def _predict_images(model, spec, inputs):
    from keraslab.data.image_folder import decode_images

    height, width, channels = spec["image_shape"]
    missing = [p for p in inputs if not Path(p).is_file()]
    if missing:
        raise DataError(f"Image file '{missing[0]}' not found; give paths to existing images.")
    images, _ = decode_images([Path(p) for p in inputs], height, "grayscale" if channels == 1 else "rgb")
    outputs = model.predict(images, verbose=0)
    return [{"input": str(path), **row} for path, row in zip(inputs, _label_rows(outputs, spec["class_names"]))]
