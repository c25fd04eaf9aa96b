"""Tabular: a CSV with a target column -> an MLP for regression or classification.

The course's regression lab normalises all rows before splitting, so test statistics leak into
training. Here the split comes first and every statistic is fit on training rows only.
"""


import numpy as np

from keraslab.data.csv_table import is_missing, require_column
from keraslab.data.load import load_table_data
from keraslab.data.tabular_features import TabularFeatures
from keraslab.errors import ConfigError, DataError
from keraslab.tasks.splitting import limit, split_indices

# A numeric target with at most this many distinct integer values is taken as classes.
_MAX_INTEGER_CLASSES = 10


def infer_problem(table, target):
    if table.kinds[target] == "categorical":
        return "classification"
    values = table.numeric(target)
    values = values[~np.isnan(values)]
    distinct = np.unique(values)
    if np.all(distinct == np.round(distinct)) and len(distinct) <= _MAX_INTEGER_CLASSES:
        return "classification"
    return "regression"


def run(config, context):
    import keras

    from keraslab.models.mlp import build_mlp
    from keraslab.models.optimizers import make_optimizer
    from keraslab.plots.learning_curves import plot_learning_curves

    table, default_target = load_table_data(config["data"])
    target = config["target"] or default_target
    if target is None:
        raise ConfigError(f"Key 'target' is not set and {table.path} has no default target. "
                          f"Pass --set target=COLUMN; columns: {', '.join(table.columns)}.")
    require_column(table, target)
    if table.missing_report():
        context.say(f"Missing values (filled from training rows): {table.missing_report()}")
    problem = config["problem"] if config["problem"] != "auto" else infer_problem(table, target)
    if problem == "regression" and table.kinds[target] != "numeric":
        raise DataError(f"Column '{target}' of {table.path} holds text, so it cannot be a regression target. "
                        "Use --set problem=classification or pick a numeric column.")

    # Rows without a target value cannot teach or test anything.
    rows = np.array([i for i, cell in enumerate(table.cells[target]) if not is_missing(cell)], dtype="int64")
    if problem == "classification":
        class_names = sorted(set(table.cells[target][i] for i in rows), key=_natural)
        labels = np.array([class_names.index(table.cells[target][i]) for i in rows])
        if len(class_names) < 2:
            raise DataError(f"Column '{target}' of {table.path} has one value only; a classifier needs two or more.")
    else:
        class_names, labels = None, None
    train, validation, test = split_indices(len(rows), config["test_split"], config["validation_split"],
                                            config["seed"], labels)
    train = limit(train, config["max_samples"], config["seed"])
    train, validation, test = rows[train], rows[validation], rows[test]

    features = [c for c in table.columns if c != target]
    encoder = TabularFeatures.fit(table, features, train, normalize=config["normalize"])
    x = {name: encoder.transform(table, part) for name, part in
         (("train", train), ("validation", validation), ("test", test))}
    if problem == "classification":
        lookup = {name: index for index, name in enumerate(class_names)}
        y = {name: np.array([lookup[table.cells[target][i]] for i in part]) for name, part in
             (("train", train), ("validation", validation), ("test", test))}
        output_units, output_activation = len(class_names), "softmax"
        loss, metrics = "sparse_categorical_crossentropy", ["accuracy"]
    else:
        values = table.numeric(target)
        y = {"train": values[train], "validation": values[validation], "test": values[test]}
        output_units, output_activation = 1, None
        loss = "mse"
        metrics = [keras.metrics.MeanSquaredError(name="mse"), keras.metrics.MeanAbsoluteError(name="mae")]

    model = build_mlp(encoder.width, output_units, config["hidden_units"], config["activation"],
                      config["dropout_rate"], output_activation, name=f"{problem}_mlp")
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]), loss=loss,
                  metrics=metrics)
    validation_data = (x["validation"], y["validation"]) if len(validation) else None
    if config["validation_split"] and validation_data is None:
        context.say(f"validation_split={config['validation_split']:g} leaves no validation row among "
                    f"{len(train)} training rows: training without validation.")
    class_weight = _balanced_weights(y["train"], len(class_names)) if config["class_weight"] else None
    model = context.fit(model, x["train"], y["train"], validation_data, class_weight=class_weight)
    context.save_model(model)
    context.save_spec("tabular", problem=problem, target=target, class_names=class_names,
                      features=encoder.to_json())

    results, predictions = context.evaluate_and_predict(model, x["test"], y["test"])
    context.record(problem=problem, target=target, rows={"train": len(train), "validation": len(validation),
                                                         "test": len(test)})
    plot_learning_curves(context.history, context.plot_path("learning_curves.png"), title=problem)
    if problem == "regression":
        from keraslab.plots.regression import plot_predicted_vs_actual

        plot_predicted_vs_actual(y["test"], predictions[:, 0], context.plot_path("predicted_vs_actual.png"), target)
        context.say(f"Test MSE {results['test_mse']:.2f}, MAE {results['test_mae']:.2f} on {len(test)} held-out rows.")
    else:
        from keraslab.tasks.classification_report import write_classification_report

        write_classification_report(context, y["test"], np.argmax(predictions, axis=-1), class_names)
        context.say(f"Test accuracy {results['test_accuracy']:.4f} on {len(test)} held-out rows.")
    return results


def _natural(value):
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def _balanced_weights(labels, num_classes):
    counts = np.bincount(labels, minlength=num_classes)
    return {index: float(len(labels) / (num_classes * count)) for index, count in enumerate(counts) if count}


def load(run_dir):
    """The predictor of a finished run: CSV rows in, predictions out."""
    from keraslab.predictors.tabular import TabularPredictor

    return TabularPredictor(run_dir)
