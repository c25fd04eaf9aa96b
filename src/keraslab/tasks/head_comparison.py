"""Small heads on a frozen pretrained backbone, one per variant of an ML Zoomcamp training lesson.

The course's deep-learning module trains dense heads on a frozen ImageNet network's features of the
clothing photos and varies one thing at a time; `compare` picks the lesson:

    learning_rate   the same head at several learning rates (too slow, about right, too fast)
    checkpointing   one head with Keras ModelCheckpoint files: best-only, and every `checkpoint_every` epochs;
                    the file named by `evaluate_checkpoint` is loaded back and tested
    depth_width     deeper (more layers) against wider (more units), each plain and with BatchNormalization
                    and He initialisation
    dropout_rate    the same head with several dropout rates (compare them in `keraslab tensorboard RUN`)
    optimizer       Adam against SGD with momentum (and any other Keras optimizer named), each at each of
                    `learning_rates`

The backbone's pooled features are computed once (and cached across runs: data/feature_cache.py); each
variant is then a phase of its own (history, checkpoints, TensorBoard folder, resume), starting from its own
fresh head. Every variant's curves are overlaid in plots/comparison.png and its best validation accuracy is
in the metrics and variants.csv. The test split is used once: for the variant with the best validation
accuracy (checkpointing: for the chosen file), whose whole classifier (pixels in) becomes model.keras.
"""

import numpy as np

from keraslab.tasks.image_classifier import load_splits

_COMPILE = {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}


def run(config, context):
    from keraslab.models.transfer import assemble

    settings = {**config, "color_mode": "rgb", "strict": False}
    (x_train, y_train), validation, (x_test, y_test), class_names, split_note = load_splits(settings)
    context.record(split=split_note, images={"train": len(y_train), "test": len(y_test),
                                             "validation": 0 if validation is None else len(validation[1])})
    extractor = _feature_extractor(config, context, x_train.shape[1:])
    features = _features(config, context, extractor, x_train, validation, x_test)
    train = (features["train"], y_train)
    val = None if validation is None else (features["validation"], validation[1])
    context.overlay_phases()

    if config["compare"] == "checkpointing":
        head, results = _checkpointing(config, context, train, val, (features["test"], y_test), len(class_names))
    else:
        head, results = _compare(config, context, train, val, (features["test"], y_test), len(class_names))
    model = assemble(x_train.shape[1:], extractor, head, name=f"{config['backbone']}_{config['compare']}")
    model.compile(optimizer="adam", **_COMPILE)
    context.save_model(model)
    context.save_spec("images", class_names=class_names, image_shape=list(x_train.shape[1:]))
    return results


def variants(config):
    """[(name, head settings)] of the lesson; a name is a phase name (letters, digits, '-')."""
    base = {"hidden_units": config["hidden_units"], "dropout_rate": config["dropout_rate"], "style": "plain",
            "optimizer": config["optimizer"], "learning_rate": config["learning_rate"]}
    lesson = config["compare"]
    if lesson == "learning_rate":
        return [(f"lr-{_number(rate)}", {**base, "learning_rate": rate}) for rate in config["learning_rates"]]
    if lesson == "dropout_rate":
        return [(f"dropout-{_number(rate)}", {**base, "dropout_rate": rate}) for rate in config["dropout_rates"]]
    if lesson == "optimizer":
        # Each optimizer at each rate: SGD's good rates lie higher than Adam's, so one shared rate would be unfair.
        return [(f"{_optimizer_name(name, config)}-lr-{_number(rate)}",
                 {**base, "optimizer": name, "learning_rate": rate})
                for name in config["optimizers"] for rate in config["learning_rates"]]
    if lesson == "depth_width":
        return [(f"{layout}-{style}", {**base, "hidden_units": [int(u) for u in layout.split("-")], "style": style})
                for layout in config["hidden_layouts"] for style in config["head_styles"]]
    return [("head", base)]


def _compare(config, context, train, val, test, num_classes):
    """Train each variant in its own phase; the best by validation accuracy is tested."""
    from keraslab.plots.overlaid_curves import plot_overlaid_curves

    heads, histories = {}, {}
    for name, head_settings in variants(config):
        heads[name] = _train_head(config, context, name, head_settings, train, val, num_classes)
        histories[name] = context.phase_history(name)
    scores = {name: max(history[_accuracy_key(val)]) for name, history in histories.items()}
    best = max(scores, key=scores.get)  # the first of equals, in the lesson's order
    results = {f"best_val_accuracy_{_metric_name(name)}": score for name, score in scores.items()}
    results.update(context.evaluate(heads[best], *test))
    context.record(best_variant=best)
    context.write_table("variants.csv", {"variant": list(scores), "best_val_accuracy": list(scores.values()),
                                         "epoch_of_best": [int(np.argmax(histories[n][_accuracy_key(val)])) + 1
                                                           for n in scores],
                                         "tested": [name == best for name in scores]})
    plot_overlaid_curves(histories, context.plot_path("comparison.png"),
                         title=f"{config['compare'].replace('_', ' ')}: one curve per variant")
    context.say("\n".join(f"{name:>24}: best validation accuracy {score:.4f}" for name, score in scores.items()))
    context.say(f"Best: {best}; test accuracy {results['test_accuracy']:.4f} on {len(test[1])} images.")
    return heads[best], results


def _checkpointing(config, context, train, val, test, num_classes):
    """One head, saved by Keras's ModelCheckpoint (best-only, the last epoch, and every N epochs, as the course
    saves them); the chosen file is loaded back with keras.saving.load_model and tested."""
    import keras

    from keraslab.training.every_n_epochs import EveryNEpochsCheckpoint

    monitor = _accuracy_key(val)
    callbacks = [keras.callbacks.ModelCheckpoint(str(context.model_checkpoint_path("best.keras")), monitor=monitor,
                                                 mode="max", save_best_only=True),
                 keras.callbacks.ModelCheckpoint(str(context.model_checkpoint_path("last.keras"))),
                 EveryNEpochsCheckpoint(str(context.model_checkpoint_path("epoch-{epoch:03d}.keras")),
                                        every=config["checkpoint_every"])]
    (name, head_settings), = variants(config)
    _train_head(config, context, name, head_settings, train, val, num_classes, callbacks=callbacks)
    history = context.phase_history(name)
    chosen = config["evaluate_checkpoint"]
    epochs_run = len(history[monitor])
    # ModelCheckpoint saves best-only on strict improvement, so best.keras holds the first epoch of the maximum.
    epoch = {"best": int(np.argmax(history[monitor])) + 1, "last": epochs_run}.get(chosen)
    if chosen in ("best", "last"):
        path = context.model_checkpoint_path(f"{chosen}.keras")
    else:
        epoch = int(chosen.split("-")[1])
        path = context.model_checkpoint_path(f"epoch-{epoch:03d}.keras")
    head = keras.saving.load_model(path)
    results = {"checkpoint_epoch": epoch, f"checkpoint_{monitor}": history[monitor][epoch - 1],
               "best_val_accuracy": max(history[monitor]), **context.evaluate(head, *test)}
    context.record(evaluated_checkpoint=f"model_checkpoints/{path.name}",
                   checkpoint_files=sorted(p.name for p in path.parent.glob("*.keras")))
    context.say(f"Checkpoint {path.name} (epoch {epoch}): test accuracy {results['test_accuracy']:.4f}.")
    return head, results


def _train_head(config, context, name, head_settings, train, val, num_classes, callbacks=()):
    head = _compiled_head(config, head_settings, train[0].shape[1], num_classes)
    with context.phase(name):
        context.fit(head, *train, val, monitor="val_accuracy", mode="max", callbacks=callbacks)
    return head


def _compiled_head(config, head_settings, feature_dim, num_classes):
    from keraslab.models.dense_head import build_dense_head
    from keraslab.models.optimizers import make_optimizer

    head = build_dense_head(feature_dim, num_classes, head_settings["hidden_units"], head_settings["dropout_rate"],
                            head_settings["style"])
    options = {"momentum": config["momentum"]} if head_settings["optimizer"] == "sgd" else {}
    head.compile(optimizer=make_optimizer(head_settings["optimizer"], head_settings["learning_rate"], **options),
                 **_COMPILE)
    return head


def _feature_extractor(config, context, shape):
    from keraslab.models.transfer import build_backbone, build_feature_extractor

    weights = "imagenet"
    if context.smoke:
        # Smoke runs check the pipeline in seconds; the pretrained weights are the real run's business.
        context.say("Smoke run: random backbone weights instead of the ImageNet ones.")
        weights = None
    backbone = build_backbone(config["backbone"], shape, weights)
    backbone.trainable = False
    context.record(backbone=config["backbone"], weights=weights or "none (smoke run)")
    return build_feature_extractor(backbone, config["backbone"], shape, frozen=True)


def _features(config, context, extractor, x_train, validation, x_test):
    """{split: pooled features}, kept in the cache and shared by every run and lesson."""
    import keras

    from keraslab.data.feature_cache import cached_features, feature_key

    splits = {"train": x_train, "test": x_test, **({} if validation is None else {"validation": validation[0]})}

    def compute():
        context.say(f"Computing the frozen {config['backbone']} features of {sum(map(len, splits.values()))} images "
                    "once.")
        return {name: np.asarray(extractor.predict(x, batch_size=64, verbose=0)) for name, x in splits.items()}

    # The key holds the backbone's weights themselves, so smoke runs (random weights drawn from the seed) cache
    # too: the straight, killed and resumed smoke runs of all five presets share one extraction per backend.
    key = feature_key(f"{config['backbone']}|{x_train.shape[1:]}|{keras.backend.backend()}",
                      extractor.get_weights() + [splits[name] for name in sorted(splits)])
    features, from_cache = cached_features(key, compute, list(splits))
    context.record(features_cached=from_cache)
    if from_cache:
        context.say(f"Frozen {config['backbone']} features read from the cache ({key}).")
    return features


def _accuracy_key(validation):
    return "val_accuracy" if validation is not None else "accuracy"


def _number(value):
    """0.001 -> '0p001': a number inside a phase name, which allows no dots."""
    return f"{value:g}".replace(".", "p").replace("+", "")


def _optimizer_name(name, config):
    return f"sgd-momentum-{_number(config['momentum'])}" if name == "sgd" else name


def _metric_name(variant):
    return variant.replace("-", "_")


def load(run_dir):
    """The predictor of a finished run: image files in, the tested head's classes out."""
    from keraslab.predictors.images import ImageClassifierPredictor

    return ImageClassifierPredictor(run_dir)
