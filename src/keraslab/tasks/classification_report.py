"""What every classifier leaves behind: confusion matrix, per-class precision and recall, and a grid of
the test images it got wrong (true and predicted label under each)."""


import numpy as np

from keraslab.plots.confusion import confusion_matrix, plot_confusion_matrix

# Enough wrong images to see a pattern, few enough to read the captions.
MAX_MISCLASSIFIED = 24


def per_class_scores(matrix, class_names):
    scores = {}
    for index, name in enumerate(class_names):
        predicted, actual = matrix[:, index].sum(), matrix[index].sum()
        scores[name] = {"precision": float(matrix[index, index] / predicted) if predicted else 0.0,
                        "recall": float(matrix[index, index] / actual) if actual else 0.0,
                        "support": int(actual)}
    return scores


def write_classification_report(context, y_true, y_pred, class_names, x=None):
    """confusion_matrix.png, classification_report.json and (given images `x`) misclassified.png."""
    matrix = confusion_matrix(y_true, y_pred, len(class_names))
    plot_confusion_matrix(matrix, class_names, context.plot_path("confusion_matrix.png"))
    scores = per_class_scores(matrix, class_names)
    report = {"confusion_matrix": matrix.tolist(), "class_names": list(class_names), "per_class": scores,
              "macro_precision": float(np.mean([s["precision"] for s in scores.values()])),
              "macro_recall": float(np.mean([s["recall"] for s in scores.values()]))}
    if x is not None:
        wrong = np.flatnonzero(np.asarray(y_true) != np.asarray(y_pred))
        report["misclassified"] = int(len(wrong))
        plot_misclassified(x, y_true, y_pred, class_names, context.plot_path("misclassified.png"))
    context.write_json("classification_report.json", report)
    return report


def plot_misclassified(x, y_true, y_pred, class_names, path, max_images=MAX_MISCLASSIFIED):
    from keraslab.plots.image_grid import plot_image_grid

    wrong = np.flatnonzero(np.asarray(y_true) != np.asarray(y_pred))[:max_images]
    captions = [f"true {class_names[y_true[i]]}\npred {class_names[y_pred[i]]}" for i in wrong]
    return plot_image_grid(x[wrong], captions, path, title=f"misclassified test images (first {len(wrong)})")
