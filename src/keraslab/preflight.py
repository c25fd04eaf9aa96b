"""The cheap front door: everything about a run's input that can be checked before the backend is
imported (seconds) and before a run folder is made.

    check_run(schema, config, runs_dir)

checks where run folders go and the `data` the config names: a dataset's kind, or the user's own
file or folder read and checked in full (CSV cells, encodings, column names, rows enough for the
splits; image folders' structure and links). What passes here can still fail later only for reasons
that need the data decoded or the model built.
"""

import os
from pathlib import Path

import numpy as np

from keraslab.errors import ConfigError, DataError

# The kind of data each task reads from `data`; tasks not listed take images.
_DATA_KINDS = {"tabular": "table", "forecasting": "timeseries", "text-generation": "text"}


def check_run(schema, config, runs_dir):
    check_writable_folder(runs_dir, "--runs-dir")
    if "data" in config and not schema.field("data").choices:
        check_data(schema.task, config)
    if schema.task in ("dqn", "qlearning"):
        check_environment(schema.task, config)
    if "weights" in config:
        check_weights(config["weights"])


def check_weights(value):
    """A weights file or run folder named by path exists (names and run:PRESET are resolved later)."""
    if value in ("auto", "none", "imagenet") or value.startswith("run:"):
        return
    path = Path(value).expanduser()
    if path.is_dir() and not (path / "model.keras").is_file():
        raise DataError(f"Key 'weights': folder '{value}' holds no model.keras. Give a run directory from "
                        "'keraslab runs', a weights file, imagenet, none or run:PRESET.")
    if not path.exists():
        raise DataError(f"Key 'weights': '{value}' is not imagenet, none, run:PRESET, nor an existing run "
                        "directory or weights file. Give one of those.")


def check_environment(task, config):
    """The gymnasium environment exists, takes the options, and has the spaces the algorithm needs."""
    from keraslab.rl.environments import make_env, require_discrete, require_vector_observations

    env = make_env(config["env"], config["env_options"])
    try:
        require_discrete(env.action_space, "action", config["env"])
        if task == "qlearning":
            require_discrete(env.observation_space, "observation", config["env"])
        else:
            require_vector_observations(env.observation_space, config["env"])
    finally:
        env.close()


def check_writable_folder(folder, what):
    """`folder` exists as a writable folder, or can be made: its nearest existing ancestor is one."""
    path = Path(folder).expanduser()
    probe = path
    while not probe.exists():
        if probe.is_symlink():
            raise DataError(f"{what} '{folder}' is a broken link ({probe} points nowhere). Point it at a folder.")
        probe = probe.parent
    if not probe.is_dir():
        raise DataError(f"{what} '{folder}' cannot be a folder: '{probe}' is a file. Choose another path.")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise DataError(f"{what} '{folder}' is not writable ('{probe}' is read-only for you). Choose a "
                        "folder you can write to, or fix its permissions.")


def check_data(task, config):
    from keraslab.data.registry import all_datasets

    value = config["data"]
    kind = _DATA_KINDS.get(task, "images")
    if not str(value).strip():
        raise ConfigError("Key 'data' is empty. Give a dataset name (keraslab datasets list) or a path, "
                          "e.g. --set data=./my.csv.")
    entries = all_datasets()
    if value in entries:
        found = entries[value]
        if found.kind != kind:
            raise DataError(f"Dataset '{value}' holds {found.kind}, but task {task} needs {kind}. Pick a "
                            f"dataset of {kind} (keraslab datasets list) or a path.")
        if not found.bundled:
            check_dataset_available(found)
        # Tables and series are small: load them (as the task will) and check the keys that name columns.
        if kind == "table":
            from keraslab.data.load import load_table_data

            table, default_target = load_table_data(value)
            check_table(table, table.path, config.get("target") or default_target, config)
        elif kind == "timeseries":
            from keraslab.data.time_series import load_series_data

            check_series(load_series_data(value, config.get("date"), config.get("value"), config.get("season", 0)),
                         config)
        return
    from keraslab.data.load import resolve_data

    _, path = resolve_data(value, kind)
    if kind == "table":
        check_table_file(path, config)
    elif kind == "timeseries":
        _check_file(path, "CSV file", "forecasting needs one CSV file with a date column")
        from keraslab.data.time_series import read_series

        check_series(read_series(path, config.get("date"), config.get("value"), config.get("season", 0)), config)
    elif kind == "text":
        _check_file(path, "Text file", "text generation needs one .txt file")
        from keraslab.data.text import read_text

        check_text_windows(read_text(path), path, config)
    else:
        check_image_folder(path, config)


def check_dataset_available(dataset):
    """A registered dataset is verified in the cache, or can be fetched: offline, the mirror must hold it."""
    from keraslab.data.fetch import cache_state, is_archive_dataset
    from keraslab.data.paths import dataset_cache, home, mirror

    if cache_state(dataset) == "verified":
        return
    root = mirror()
    if root is not None:
        folder = root / (dataset.mirror_folder or dataset.name)
        cache = dataset_cache(dataset.name)
        if is_archive_dataset(dataset):
            needed = [dataset.extra["archive_name"]]
            cached = (cache / "archive.json").exists()
        else:
            needed = [remote.name for remote in dataset.files]
            cached = False
        missing = [name for name in needed if not cached and not (cache / name).exists()
                   and not (folder / name).exists() and not (folder / f"{name}.gz").exists()]
        if missing:
            raise DataError(f"Dataset '{dataset.name}' is missing: {len(missing)} of its {len(needed)} file(s) are "
                            f"neither cached nor in the mirror {folder} (first: {missing[0]}). Point "
                            "KERASLAB_MIRROR at a mirror that holds them, or unset it to download.")
    check_writable_folder(home(), "The keraslab cache ($KERASLAB_HOME)")


def check_text_windows(text, path, config):
    """The task's split of the text, in characters: no tokenizer makes more tokens than characters, so a
    span with fewer characters than one window (sequence_length + 1) cannot fill one."""
    if config.get("max_chars"):
        text = text[:config["max_chars"]]
    window = config["sequence_length"] + 1
    split = int(len(text) * (1 - config["validation_split"]))
    if split < window:
        raise DataError(f"Text file '{path}' leaves {split} characters for training, fewer than one window of "
                        f"sequence_length+1 = {window} tokens. Use a longer text or --set sequence_length=SMALLER.")
    if config["validation_split"] and len(text) - split < window:
        raise DataError(f"The validation tail of '{path}' ({len(text) - split} characters) is shorter than one "
                        f"window ({window}). Use a longer text, a larger validation_split or a shorter "
                        "sequence_length.")


def _check_file(path, kind, need):
    if path.is_dir():
        raise DataError(f"Data '{path}' is a folder; {need}. Give the file itself to --set data=.")


def check_series(series, config):
    """The task's own split, run on the values: a window that does not fit is refused now."""
    from keraslab.data.forecast_windows import split_series

    values = series.values[-config["max_length"]:] if config.get("max_length") else series.values
    split_series(values, config["window"], config["horizon"], config["validation_split"], config["test_split"])


def check_table_file(path, config):
    """A CSV for the tabular task: readable, a target column with values, features, rows for every split."""
    from keraslab.data.csv_table import read_csv

    _check_file(path, "CSV file", "the tabular task needs a CSV file")
    check_table(read_csv(path), path, config.get("target"), config)


def check_table(table, path, target, config):
    from keraslab.data.csv_table import is_missing, require_column

    if target is None:
        raise ConfigError(f"Key 'target' is not set and {path} has no default target. "
                          f"Pass --set target=COLUMN; columns: {', '.join(table.columns)}.")
    require_column(table, target)
    if len(table.columns) < 2:
        raise DataError(f"CSV file '{path}' has only the target column '{target}'; a model needs at least one "
                        "feature column to predict it from. Add feature columns.")
    cells = [cell for cell in table.cells[target] if not is_missing(cell)]
    if not cells:
        raise DataError(f"Column '{target}' of {path} has no values: every cell is empty or NaN. Fill it in, "
                        "or pick another target with --set target=COLUMN.")
    from keraslab.tasks.tabular import infer_problem

    problem = config["problem"] if config.get("problem", "auto") != "auto" else infer_problem(table, target)
    labels = None
    if problem == "regression" and table.kinds[target] != "numeric":
        raise DataError(f"Column '{target}' of {path} holds text, so it cannot be a regression target. "
                        "Use --set problem=classification or pick a numeric column.")
    if problem == "classification":
        names = sorted(set(cells))
        if len(names) < 2:
            raise DataError(f"Column '{target}' of {path} has one value only ('{names[0]}'); a classifier needs "
                            "two or more classes. Pick another target with --set target=COLUMN.")
        labels = np.array([names.index(cell) for cell in cells])
    check_split_sizes(len(cells), config, f"{path} (rows with a '{target}' value)", labels)


def check_split_sizes(count, config, what, labels=None):
    """The task's own split (stratified when `labels` are classes): the test split gets a row and
    training keeps two, or say what to change. (A validation split rounded to no row is allowed; the
    task says it trains without validation.)"""
    from keraslab.tasks.splitting import split_indices

    train, validation, test = (len(part) for part in split_indices(
        count, config["test_split"], config.get("validation_split", 0), config["seed"], labels))
    if test < 1 or train < 2:
        per_class = " (split per class)" if labels is not None else ""
        raise DataError(f"{what}: {count} row(s) are too few for test_split={config['test_split']:g} and "
                        f"validation_split={config.get('validation_split', 0):g}{per_class}: test {test}, "
                        f"validation {validation}, train {train}; the test split needs a row and training "
                        "two. Add rows or change the splits.")


def check_image_folder(path, config):
    """A folder of class folders: links inside it, each image once, two classes, images for every split."""
    from keraslab.data.image_folder import list_class_folder, split_layout

    if not path.is_dir():
        raise DataError(f"Data '{path}' is a file; the {config['task']} task needs a folder of class folders.")
    parts = split_layout(path)
    counts, classes = {}, {}
    for name, folder in parts.items():
        files, classes[name] = list_class_folder(folder)
        _check_some_images_open(folder, [file for file, _ in files])
        counts[name] = files
    for name in set(parts) - {"train", "all"}:
        unknown = sorted(set(classes[name]) - set(classes["train"]))
        if unknown:
            raise DataError(f"Folder '{parts[name]}' has class '{unknown[0]}' that '{parts['train']}' lacks; "
                            "every split needs the same class folders.")
    if "all" in counts:
        from collections import Counter

        per_class = Counter(label for _, label in counts["all"])
        fraction = config.get("test_split", 0.2)
        test = sum(int(round(n * fraction)) for n in per_class.values())
        if test < 1:
            raise DataError(f"Image folder '{path}' has {sum(per_class.values())} images, too few for "
                            f"test_split={fraction:g} to hold one out. Add images or raise test_split.")


def _check_some_images_open(folder, files, sample=20):
    """Read the headers of a few images (cheap): a folder where none is an image is refused now."""
    from PIL import Image, UnidentifiedImageError

    step = max(1, len(files) // sample)
    for path in files[::step][:sample]:
        try:
            with Image.open(path):
                return
        except (UnidentifiedImageError, OSError, ValueError):
            continue
    raise DataError(f"Image folder '{folder}': none of the {min(sample, len(files))} files checked "
                    f"(first: {files[0]}) is a readable image. Give real PNG or JPEG files.")
