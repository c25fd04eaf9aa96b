"""The forecasting task end to end: it beats both baselines on real temperatures, draws the
forecast, and refuses a broken CSV with one line and exit status 2."""

import os
import pathlib

import pytest

import keraslab
from keraslab.cli import main

needs_mirror = pytest.mark.skipif(not pathlib.Path(os.environ.get("KERASLAB_MIRROR", "")).is_dir(),
                                  reason="offline mirror not present")


@needs_mirror
@pytest.mark.slow
def test_lstm_beats_naive_and_seasonal_naive_on_melbourne_temperatures(tmp_path):
    result = keraslab.run("forecast-temperatures", runs_dir=tmp_path, quiet=True, epochs=2, units=16)
    metrics = result.metrics
    assert metrics["test_mae"] < 0.9 * metrics["seasonal_naive_mae"]
    assert metrics["test_mae"] < metrics["naive_mae"]
    assert (result.run_dir / "plots" / "forecast.png").stat().st_size > 0


@needs_mirror
@pytest.mark.parametrize("model", ["conv1d", "transformer", "gru"])
def test_every_forecaster_runs_with_a_multi_step_horizon(model, tmp_path):
    heads = {"num_heads": 2} if model == "transformer" else {}  # other models refuse a key they do not use
    result = keraslab.run("forecast-airline", runs_dir=tmp_path, quiet=True, model=model, epochs=1, units=8,
                          horizon=3, **heads)
    assert {"test_mae", "naive_mae", "seasonal_naive_mae"} <= set(result.metrics)


def test_csv_with_unsorted_dates_exits_2_naming_the_row(tmp_path, capsys):
    path = tmp_path / "series.csv"
    path.write_text("when,level\n2020-01-01,1\n2020-01-03,2\n2020-01-02,3\n")
    status = main(["run", "forecasting", "--set", f"data={path}", "--runs-dir", str(tmp_path / "runs")])
    error = capsys.readouterr().err.strip()
    assert status == 2 and len(error.splitlines()) == 1
    assert "not strictly increasing at row 4" in error
