"""What every classifier leaves behind: confusion matrix and per-class precision and recall."""

import json

import numpy as np

from keraslab.plots.confusion import confusion_matrix, plot_confusion_matrix


def per_class_scores(matrix, class_names):
    scores = {}
    for index, name in enumerate(class_names):
        predicted, actual = matrix[:, index].sum(), matrix[index].sum()
        scores[name] = {"precision": float(matrix[index, index] / predicted) if predicted else 0.0,
                        "recall": float(matrix[index, index] / actual) if actual else 0.0,
                        "support": int(actual)}
    return scores


def write_classification_report(run_dir, y_true, y_pred, class_names):
    matrix = confusion_matrix(y_true, y_pred, len(class_names))
    plot_confusion_matrix(matrix, class_names, run_dir.plots / "confusion_matrix.png")
    report = {"confusion_matrix": matrix.tolist(), "class_names": list(class_names),
              "per_class": per_class_scores(matrix, class_names)}
    (run_dir.path / "classification_report.json").write_text(json.dumps(report, indent=2))
    return report


def predicted_classes(model, x, batch_size=256):
    return np.argmax(model.predict(x, batch_size=batch_size, verbose=0), axis=-1)
