"""Functional API on real data: pairs of MNIST digits -> their sum and which one is larger.

Pairs are drawn with the seed; test pairs come from the test digits only, so no test digit is ever
seen in training.
"""

import numpy as np


def make_pairs(images, labels, count, seed):
    """({'first', 'second'} images, {'sum', 'larger'} targets) for `count` random pairs."""
    rng = np.random.default_rng(seed)
    first, second = rng.integers(0, len(labels), count), rng.integers(0, len(labels), count)
    a, b = labels[first], labels[second]
    larger = np.where(a > b, 0, np.where(b > a, 1, 2)).astype("int64")
    return ({"first": images[first], "second": images[second]},
            {"sum": (a + b).astype("float32"), "larger": larger})


def run(config, context):
    from keraslab.data.load import load_image_data
    from keraslab.models.digit_pairs import build_digit_pairs_model
    from keraslab.models.optimizers import make_optimizer

    data = load_image_data(config["data"], seed=config["seed"])
    pairs = config["max_samples"] or config["num_pairs"]
    test_pairs = min(config["num_test_pairs"], config["max_samples"] or config["num_test_pairs"])
    x, y = make_pairs(data.x_train, data.y_train, pairs, config["seed"])
    x_test, y_test = make_pairs(data.x_test, data.y_test, test_pairs, config["seed"] + 1)
    held = max(1, int(pairs * config["validation_split"])) if config["validation_split"] else 0
    validation = None
    if held:
        validation = ({k: v[-held:] for k, v in x.items()}, {k: v[-held:] for k, v in y.items()})
        x, y = {k: v[:-held] for k, v in x.items()}, {k: v[:-held] for k, v in y.items()}

    model = build_digit_pairs_model(data.x_train.shape[1:], config["conv_filters"], config["embedding_units"],
                                    config["batch_norm"], config["dropout_rate"])
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]),
                  loss={"sum": "mse", "larger": "sparse_categorical_crossentropy"},
                  loss_weights={"sum": config["sum_loss_weight"], "larger": 1.0},
                  metrics={"sum": ["mae"], "larger": ["accuracy"]})
    model = context.fit(model, x, y, validation)
    context.save_model(model)
    results = context.evaluate(model, x_test, y_test)
    predicted = model.predict(x_test, verbose=0)
    results["test_sum_exact"] = float(np.mean(np.round(predicted["sum"][:, 0]) == y_test["sum"]))
    context.say(f"On {test_pairs} test pairs: sum within {results.get('test_sum_mae', float('nan')):.3f} on average "
                f"({results['test_sum_exact']:.3f} exactly right after rounding), which-is-larger accuracy "
                f"{results.get('test_larger_accuracy', float('nan')):.4f}.")
    return results
