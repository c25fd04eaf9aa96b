"""From a config's `data` value to data: a registered dataset name or a path of the user's own."""

from pathlib import Path

from keraslab.data.fetch import fetch
from keraslab.data.registry import all_datasets
from keraslab.errors import DataError, did_you_mean


def dataset_folder(dataset):
    return None if dataset.bundled else fetch(dataset)


def resolve_data(value, kind):
    """Return ('dataset', Dataset) or ('path', Path) for a config's `data` value."""
    entries = all_datasets()
    if value in entries:
        return "dataset", entries[value]
    path = Path(value).expanduser()
    if path.exists():
        return "path", path
    raise DataError(f"Data '{value}' is neither a dataset nor an existing path."
                    + (did_you_mean(value, entries) or
                       f" Give a {'CSV file' if kind == 'table' else 'folder of class folders'} "
                       "or a name from 'keraslab datasets list'."))


def load_table_data(value):
    """(Table, default target column) for a registered CSV dataset or a CSV path."""
    from keraslab.data.csv_table import read_csv

    source, found = resolve_data(value, "table")
    if source == "path":
        if found.is_dir():
            raise DataError(f"Data '{value}' is a folder; the tabular task needs a CSV file.")
        return read_csv(found), None
    if found.kind != "table":
        raise DataError(f"Dataset '{value}' holds {found.kind}, not a table; use a CSV dataset such as concrete.")
    return found.load_function()(dataset_folder(found), found), found.target


def load_image_data(value, image_size=0, color_mode="auto", seed=42, test_split=0.2, skip_bad=True):
    from keraslab.data.image_folder import load_image_folder

    source, found = resolve_data(value, "images")
    if source == "path":
        if not found.is_dir():
            raise DataError(f"Data '{value}' is a file; the image task needs a folder of class folders.")
        return load_image_folder(found, image_size, color_mode, seed, test_split, skip_bad)
    if found.kind != "images":
        raise DataError(f"Dataset '{value}' holds {found.kind}, not images; try mnist or digits.")
    # Image loaders share one signature; those with a published test split ignore the last two.
    options = {"seed": seed, "test_split": test_split}
    if found.extra.get("image_folder"):
        # Datasets that are folders of photos decode like a user's folder: size, colour and skipping apply.
        options.update(image_size=image_size, color_mode=color_mode, skip_bad=skip_bad)
    return found.load_function()(dataset_folder(found), **options)
