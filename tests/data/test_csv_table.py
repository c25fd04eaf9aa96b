import pytest

from keraslab.data.csv_table import read_csv, require_column
from keraslab.errors import DataError


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_kinds_and_missing_values_are_found(tmp_path):
    table = read_csv(write(tmp_path, "size,colour,price\n1.5,red,10\n,blue,12\n3,?,14\n"))
    assert table.kinds == {"size": "numeric", "colour": "categorical", "price": "numeric"}
    assert table.missing_report() == "size: 1, colour: 1"


def test_missing_target_column_lists_the_columns(tmp_path):
    table = read_csv(write(tmp_path, "a,b\n1,2\n"))
    with pytest.raises(DataError, match=r"Column 'strength' not found in .*data.csv. Columns: a, b"):
        require_column(table, "strength")


def test_text_in_a_numeric_column_names_row_and_cell(tmp_path):
    rows = "".join(f"{i},{i * 2}\n" for i in range(20))
    path = write(tmp_path, "a,b\n" + rows + "7,seven\n")
    with pytest.raises(DataError, match="Column 'b' of .* is numeric but row 22 holds 'seven'"):
        read_csv(path)


@pytest.mark.parametrize("text, message", [("", "is empty"), ("a,b\n", "has a header but no data rows"),
                                           ("a,b\n1,2\n3\n", "Row 3 .* has 1 cells, expected 2")])
def test_empty_and_ragged_files(tmp_path, text, message):
    with pytest.raises(DataError, match=message):
        read_csv(write(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="CSV file '.*nope.csv' not found"):
        read_csv(tmp_path / "nope.csv")
