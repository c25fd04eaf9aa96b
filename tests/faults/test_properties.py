"""Property-based tests (Hypothesis): `--set` parsing, CSV loading, tables at the front door and links in
image folders never fail except as a KeraslabError.

For any text a user can type after --set, and for any grid of cells in a CSV: either the result is
well typed (list items of their type, floats finite, numeric columns finite or NaN for missing), or
the input is refused with a one-line KeraslabError. Never a traceback from deeper down.
"""

import csv
import io
import math
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from keraslab.config.resolve import resolve
from keraslab.config.schemas import schema_for
from keraslab.data.csv_table import read_csv
from keraslab.data.image_folder import list_class_folder
from keraslab.errors import KeraslabError
from keraslab.preflight import check_table_file

_SCHEMA = schema_for("tabular")
_KEYS = [field.name for field in _SCHEMA.fields if field.name != "task"]
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_VALUE = st.one_of(
    _TEXT,
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.lists(st.one_of(st.integers(-5, 500).map(str), _TEXT), max_size=4).map(",".join),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "", " ", "[64, 32]", "[]", "true", "no", "0x10", "1_000"]),
)


@settings(max_examples=300, deadline=None)
@given(key=st.one_of(st.sampled_from(_KEYS), _TEXT), value=_VALUE, smoke=st.booleans())
def test_set_is_typed_or_refused(key, value, smoke):
    try:
        _, schema, config = resolve("concrete-regression", [f"{key}={value}"], smoke=smoke)
    except KeraslabError as error:
        assert str(error).strip(), "a refusal must say what is wrong"
        return
    for field in schema.fields:
        current = config[field.name]
        if current is None:
            assert field.optional
            continue
        if field.type is float:
            assert isinstance(current, float) and math.isfinite(current)
        elif field.type is int:
            assert isinstance(current, int) and not isinstance(current, bool)
        elif field.type is list and field.item is not None:
            assert all(isinstance(item, field.item) for item in current)
        if field.min is not None and field.type in (int, float):
            assert current >= field.min
        if field.max is not None and field.type in (int, float):
            assert current <= field.max


_CELL = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**6, 10**6).map(str),
    st.sampled_from(["", "nan", "NA", "?", "inf", "-Infinity", "1e400", "red", "blue", " 3 ", "1,5", '"q"']),
    _TEXT,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.one_of(st.sampled_from(["a", "b", "y", ""]), _TEXT), min_size=1, max_size=4),
       rows=st.lists(st.lists(_CELL, min_size=1, max_size=4), max_size=6),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
def test_csv_loads_finite_or_is_refused(tmp_path, header, rows, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "data.csv"
    try:
        path.write_bytes(buffer.getvalue().encode(encoding))
    except UnicodeEncodeError:
        return
    try:
        table = read_csv(path)
    except KeraslabError:
        return
    assert len(set(table.columns)) == len(table.columns) and all(table.columns)
    for column in table.columns:
        if table.kinds[column] == "numeric":
            values = table.numeric(column)
            assert all(math.isfinite(v) or math.isnan(v) for v in values)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_CELL, st.sampled_from(["", "nan", "1", "2", "3.5", "a", "b", "1e39", "-0"])),
                     max_size=25),
       test_split=st.floats(0.01, 0.99), validation_split=st.floats(0, 0.9),
       problem=st.sampled_from(["auto", "regression", "classification"]))
def test_the_front_door_passes_only_tables_the_task_can_split(tmp_path, rows, test_split, validation_split, problem):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([("x", "y"), *rows])
    path = tmp_path / "table.csv"
    path.write_text(buffer.getvalue())
    config = {"target": "y", "problem": problem, "test_split": test_split, "validation_split": validation_split,
              "seed": 0}
    try:
        check_table_file(path, config)
    except KeraslabError:
        return
    # Passed: the target has values; the test split gets a row and training two.
    table = read_csv(path)
    present = [cell for cell in table.cells["y"] if cell.strip().lower() not in ("", "nan", "na", "?", "null",
                                                                                  "none", "n/a")]
    assert len(present) >= 3


_LINK_TARGETS = st.sampled_from([".", "..", "../..", "../cat", "../dog/0.png", "0.png", "/tmp", "missing.png",
                                 "../../outside.png", "sub"])


@settings(max_examples=100, deadline=None)
@given(links=st.lists(st.tuples(st.sampled_from(["cat", "dog", "cat/sub", "."]),
                                st.sampled_from(["l1", "l2.png", "l3"]), _LINK_TARGETS), max_size=4))
def test_image_folders_follow_links_only_inside_and_once(links):
    """Any tree of class folders and links: refused as a DataError, or every image listed once, inside."""
    with tempfile.TemporaryDirectory() as folder:
        _check_link_tree(Path(folder), links)


def _check_link_tree(base, links):
    root = base / "photos"
    (base / "outside.png").write_bytes(b"x")
    for label in ("cat", "dog"):
        (root / label / "sub").mkdir(parents=True)
        for index in range(2):
            (root / label / f"{index}.png").write_bytes(b"x")
    for folder, name, target in links:
        link = root / folder / name
        if not link.exists() and not link.is_symlink():
            os.symlink(target, link)
    try:
        files, classes = list_class_folder(root)
    except KeraslabError:
        return
    real_root = os.path.realpath(root)
    reals = [os.path.realpath(path) for path, _ in files]
    assert all(real.startswith(real_root + os.sep) for real in reals)
    assert len(set(reals)) == len(reals)
    assert set(classes) <= {"cat", "dog", "sub", "l1", "l3"}
