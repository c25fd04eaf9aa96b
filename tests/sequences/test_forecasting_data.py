"""Time-series CSVs: columns found, bad rows named; windows never leak the future into training."""

import numpy as np
import pytest

from keraslab.data.forecast_windows import make_windows, split_series
from keraslab.data.time_series import read_series
from keraslab.errors import ConfigError, DataError
from keraslab.tasks.forecasting import baseline_forecasts


def _csv(tmp_path, rows, header="day,sales"):
    path = tmp_path / "series.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return path


def _daily(count):
    return [f"2020-{1 + i // 28:02d}-{1 + i % 28:02d},{i}" for i in range(count)]


def test_date_and_value_columns_are_found_and_season_inferred(tmp_path):
    series = read_series(_csv(tmp_path, [f"id{i},{r}" for i, r in enumerate(_daily(40))], "id,day,sales"))
    assert (series.date_column, series.value_column, series.season) == ("day", "sales", 365)
    np.testing.assert_array_equal(series.values[:3], [0, 1, 2])


@pytest.mark.parametrize("rows, message", [
    (["2020-01-01,1", ",2", "2020-01-03,3"], "Row 3 .* no date in column 'day'"),
    (["2020-01-01,1", "yesterday,2", "2020-01-03,3"], "Row 3 .*'yesterday' in column 'day' is not a date"),
    (["2020-01-01,1", "2020-01-03,2", "2020-01-02,3"], "not strictly increasing at row 4"),
    (["2020-01-01,1", "2020-01-02,", "2020-01-03,3"], "Row 3 .* no value in column 'sales'"),
    (["2020-01-01,1", "2020-01-02,many", "2020-01-03,3"], "Row 3 .*'many' in column 'sales' is not a number"),
])
def test_bad_rows_are_named(tmp_path, rows, message):
    with pytest.raises(DataError, match=message):
        read_series(_csv(tmp_path, rows), date="day", value="sales")


def test_unknown_column_names_the_columns(tmp_path):
    with pytest.raises(DataError, match=r"Column 'temp' \(--set value=\) not found.*day, sales"):
        read_series(_csv(tmp_path, _daily(5)), value="temp")


def test_window_longer_than_the_series_is_refused():
    with pytest.raises(ConfigError, match=r"window \(30\) \+ horizon \(5\) = 35 is longer than the series \(20"):
        split_series(np.arange(20.0), 30, 5, 0.15, 0.15)


def test_training_windows_and_scaler_never_see_validation_or_test_values():
    values = np.arange(200.0)
    split = split_series(values, window=10, horizon=3, validation_split=0.15, test_split=0.15)
    x, y = make_windows(values, split.origins["train"], 10, 3)
    assert y.max() < split.train_end and x.max() < split.train_end
    assert split.mean == pytest.approx(values[:split.train_end].mean())
    _, y_test = make_windows(values, split.origins["test"], 10, 3)
    assert y_test.min() >= split.validation_end
    # Changing every value after the training span changes neither training windows nor scaling.
    changed = values.copy()
    changed[split.train_end:] = -1000
    again = split_series(changed, 10, 3, 0.15, 0.15)
    np.testing.assert_array_equal(make_windows(changed, again.origins["train"], 10, 3)[0], x)
    assert (again.mean, again.scale) == (split.mean, split.scale)


def test_baselines_use_only_the_past():
    values = np.arange(100.0)
    origins = np.array([50, 60])
    naive, seasonal = baseline_forecasts(values, origins, horizon=2, season=12)
    np.testing.assert_array_equal(naive, [[49, 49], [59, 59]])
    np.testing.assert_array_equal(seasonal, [[38, 39], [48, 49]])
    assert baseline_forecasts(values, origins, horizon=13, season=12)[1] is None
