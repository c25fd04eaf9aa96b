"""The two phases of transfer learning, for the image-classifier task.

Phase 1 trains a new head on a frozen, pretrained backbone; phase 2 unfreezes the top of the
backbone and trains everything at a much lower learning rate. Where the backbone's weights come
from is the `weights` key: ImageNet (keras.applications downloads them once), a weights file, or a
backbone keraslab trained itself in an earlier run (`run:PRESET`), which makes transfer work offline.
"""

from pathlib import Path

import numpy as np

from keraslab.errors import ConfigError, KeraslabError
from keraslab.training.run_dir import RunDirectory


def train_transfer(config, context, x_train, y_train, validation, num_classes):
    from keraslab.models.optimizers import make_optimizer
    from keraslab.models.transfer import assemble, build_feature_extractor, build_head, minimum_side, unfreeze_top

    backbone_name, shape = config["backbone"], x_train.shape[1:]
    if min(shape[0], shape[1]) < minimum_side(backbone_name):
        raise ConfigError(f"Key 'image_size': backbone {backbone_name} needs images of at least "
                          f"{minimum_side(backbone_name)} px; got {shape[0]}x{shape[1]}. "
                          f"Set --set image_size={minimum_side(backbone_name)} or more.")
    source, weights = resolve_weights(config["weights"], backbone_name, context)
    backbone = _backbone_with_weights(backbone_name, shape, source, weights, config, context)
    pretrained = weights is not None
    context.record(backbone=backbone_name, weights=source, pretrained=pretrained)
    backbone.trainable = not pretrained
    extractor = build_feature_extractor(backbone, backbone_name, shape, frozen=pretrained)
    head = build_head(extractor.output_shape[-1], num_classes, config["hidden_units"], config["dropout_rate"])
    views = _cached_views(config) if pretrained and config["cache_features"] else None
    augmentation = None if views else _augmentation(config)
    model = assemble(shape, extractor, head, augmentation, name=f"{backbone_name}_transfer",
                     test_time_flip=config["test_time_flip"])
    optimizer = make_optimizer(config["optimizer"], config["learning_rate"])
    compile_options = {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}
    patience = config["reduce_lr_patience"]
    split = _split(backbone, backbone_name, shape, config, len(x_train) * len(views)) if views else None

    if views:
        # The frozen backbone gives the same features every epoch: compute them once, train the head on them.
        # With fine-tuning ahead, what is computed once is the input of the lowest unfrozen layer, so that
        # phase 2 runs only the unfrozen top per epoch (split_for_fine_tuning).
        context.say("Phase 1: computing frozen-backbone features once" + (" (and of the flipped images)" if
                    len(views) > 1 else "") + ", training the head on them.")
        frozen_part = split[0] if split else extractor
        cached_x = np.concatenate([_features(frozen_part, x_train[:, :, ::-1] if flip else x_train) for flip in views])
        cached_y = np.concatenate([y_train] * len(views))
        cached_val = None if validation is None else (_features(frozen_part, validation[0]), validation[1])
        features = _features(split[1], cached_x) if split else cached_x
        val_features = cached_val if cached_val is None or not split else \
            (_features(split[1], cached_val[0]), cached_val[1])
        head.compile(optimizer=optimizer, **compile_options)
        with context.phase("head"):
            context.fit(head, features, cached_y, val_features, reduce_lr_patience=patience)
        # The whole model shares the trained head; compiled so it evaluates and saves like any other.
        model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]), **compile_options)
    else:
        context.say("Phase 1: frozen backbone, new head." if pretrained else "Training backbone and head from scratch.")
        model.compile(optimizer=optimizer, **compile_options)
        with context.phase("head" if pretrained else "train"):
            model = context.fit(model, x_train, y_train, validation, reduce_lr_patience=patience)

    if pretrained and config["fine_tune_layers"]:
        unfrozen = unfreeze_top(backbone, config["fine_tune_layers"])
        context.say(f"Phase 2: fine-tuning the top {unfrozen} layers at learning rate "
                    f"{config['fine_tune_learning_rate']:g}.")
        fine_tune_optimizer = make_optimizer(config["optimizer"], config["fine_tune_learning_rate"])
        if split:
            import keras

            # The unfrozen top and the head on the cached maps; `model` shares their weights.
            maps = keras.Input(shape=cached_x.shape[1:], name="maps")
            top = keras.Model(maps, head(split[1](maps)), name="fine_tuned_top")
            top.compile(optimizer=fine_tune_optimizer, **compile_options)
            with context.phase("fine-tune"):
                context.fit(top, cached_x, cached_y, cached_val, epochs=config["fine_tune_epochs"],
                            reduce_lr_patience=patience)
            model.compile(optimizer=make_optimizer(config["optimizer"], config["fine_tune_learning_rate"]),
                          **compile_options)
        else:
            model.compile(optimizer=fine_tune_optimizer, **compile_options)
            with context.phase("fine-tune"):
                model = context.fit(model, x_train, y_train, validation, epochs=config["fine_tune_epochs"],
                                    reduce_lr_patience=patience)
        context.record(fine_tuned_layers=unfrozen)
    return model


def _cached_views(config):
    """What phase 1 can compute once: (False,) the images; (False, True) also their mirror images when the
    only augmentation is a left-right flip; None when augmentation must run anew every epoch."""
    entries = [str(entry).strip() for entry in config["augmentation"] if str(entry).strip() != "none"]
    if not entries:
        return (False,)
    return (False, True) if entries == ["flip"] else None


def _split(backbone, backbone_name, shape, config, num_images, limit_bytes=2 << 30):
    """split_for_fine_tuning when phase 2 will run and the cached maps fit in `limit_bytes`; else None."""
    from keraslab.models.transfer import split_for_fine_tuning

    if not config["fine_tune_layers"]:
        return None
    split = split_for_fine_tuning(backbone, backbone_name, shape, config["fine_tune_layers"])
    if split is None or num_images * 4 * int(np.prod(split[0].output_shape[1:])) > limit_bytes:
        return None
    return split


def _augmentation(config):
    from keraslab.models.augmentation import build_augmentation

    return build_augmentation(config["augmentation"], seed=config["seed"])


def _features(extractor, x, batch_size=128):
    return np.asarray(extractor.predict(x, batch_size=batch_size, verbose=0))


def resolve_weights(value, backbone, context):
    """(description, weights) where weights is None, 'imagenet', or a Path to a file (.h5 or .keras)."""
    if value == "auto":
        value = "none" if backbone == "small_cnn" else "imagenet"
    if value == "none":
        return "none (random initialisation)", None
    if value == "imagenet":
        return "imagenet", "imagenet"
    if value.startswith("run:"):
        preset = value[4:]
        runs_root = context.runs_root
        found = RunDirectory.newest_complete(runs_root, preset)
        if found is None and context.smoke:
            # Smoke runs check the pipeline in seconds, without the pretraining run they would need.
            context.say(f"Smoke run: no run of {preset} yet, so random backbone weights.")
            return f"none (smoke run; no run of {preset})", None
        if found is None:
            raise ConfigError(f"Key 'weights' is run:{preset}, but {runs_root / preset} holds no complete run "
                              f"with a model. Run 'keraslab run {preset} --runs-dir {runs_root}' first, or give a "
                              "weights file.")
        return f"run {found.path}", found.model_path
    path = Path(value).expanduser()
    if path.is_dir():
        path = path / "model.keras"
    if not path.is_file():
        raise ConfigError(f"Key 'weights': '{value}' is not imagenet, none, run:PRESET, a run directory or a "
                          "weights file. Give one of those.")
    return str(path), path


def _backbone_with_weights(name, shape, source, weights, config, context):
    from keraslab.models.transfer import build_backbone

    filters = [int(f) for f in config["conv_filters"]]
    if isinstance(weights, Path) and weights.suffix == ".keras":
        backbone = build_backbone(name, shape, None, filters, config["kernel_size"])
        _copy_backbone_weights(weights, backbone)
        return backbone
    if weights == "imagenet" and context.smoke:
        # Smoke runs are offline checks of the pipeline; the ImageNet download is the real run's business.
        context.say("Smoke run: random backbone weights instead of downloading ImageNet weights.")
        return build_backbone(name, shape, None, filters, config["kernel_size"])
    try:
        return build_backbone(name, shape, None if weights is None else str(weights), filters, config["kernel_size"])
    except KeraslabError:
        raise  # already one line naming the fix (efficientnet_lite0: the weights package, its hash)
    except (OSError, ValueError) as error:
        from keraslab.errors import DataError, one_line

        raise DataError(f"Backbone {name} weights '{source}' could not be loaded ({one_line(error)[:200]}). "
                        "Check the file (or the network, for imagenet), or use weights=none.") from None


def _copy_backbone_weights(model_path, backbone):
    """Copy the 'backbone' inside a saved keraslab transfer model into `backbone` (same architecture)."""
    from keraslab.registration import load_model

    saved = load_model(model_path, compile=False)
    try:
        source = saved.get_layer("feature_extractor").get_layer("backbone")
    except ValueError:
        raise ConfigError(f"Key 'weights': {model_path} has no backbone (it was not trained with a backbone). "
                          "Use a run of a preset with backbone set.") from None
    shapes = [w.shape for w in source.get_weights()]
    if shapes != [w.shape for w in backbone.get_weights()]:
        raise ConfigError(f"Key 'weights': the backbone in {model_path} has another architecture than "
                          f"backbone {backbone.name} with these conv_filters; use the same backbone and conv_filters.")
    backbone.set_weights(source.get_weights())
