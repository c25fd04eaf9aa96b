"""keraslab sweep: the grid, its validation before any run, and the saved table."""

import pytest

from keraslab.config.schemas import schema_for
from keraslab.errors import ConfigError
from keraslab.sweeps.grid import expand_grid, run_sweep

SCHEMA = schema_for("image-classifier")


def test_grid_is_the_product_and_list_keys_split_on_bars():
    keys, grid = expand_grid(["learning_rate=0.1,0.01", "augmentation=flip|flip,shear"], SCHEMA)
    assert keys == ["learning_rate", "augmentation"]
    assert grid == [("0.1", "flip"), ("0.1", "flip,shear"), ("0.01", "flip"), ("0.01", "flip,shear")]


def test_bad_grids_fail_with_the_fix():
    with pytest.raises(ConfigError, match="must look like key=v1,v2"):
        expand_grid(["learning_rate"], SCHEMA)
    with pytest.raises(ConfigError, match="given twice"):
        expand_grid(["epochs=1", "epochs=2"], SCHEMA)


def test_a_bad_value_anywhere_in_the_grid_fails_before_any_run(tmp_path):
    with pytest.raises(ConfigError, match="Key 'dropout_rate'"):
        run_sweep("quickstart", ["dropout_rate=0.1,1.5"], runs_dir=tmp_path, smoke=True)
    assert not (tmp_path / "quickstart").exists()


def test_sweep_runs_every_combination_and_saves_the_table(tmp_path):
    table = run_sweep("quickstart", ["hidden_units=16|32"], runs_dir=tmp_path, smoke=True)
    assert [row["values"] for row in table.rows] == [["16"], ["32"]]
    assert all("test_accuracy" in row["metrics"] for row in table.rows)
    text = table.saved_to.with_suffix(".md").read_text()
    assert text.startswith("| hidden_units | test_accuracy") and text.count("\n") == 4
    assert table.saved_to.read_text().count("\n") == 3
