"""Forecasting: the next `horizon` values of a series from the last `window`, judged against the
two baselines any forecast must beat:

    naive           every future step equals the last value seen
    seasonal naive  every future step equals the value one season earlier (last year's same day)

The split is chronological (train | validation | test), the scaler is fit on the training span,
and test windows are forecast once, at the end. MAEs are in the series' own units.
"""


import numpy as np
from keraslab.plots.save import save_figure



def baseline_forecasts(values, origins, horizon, season):
    """(naive, seasonal naive or None), each (n, horizon), from values known at each origin."""
    steps = np.arange(horizon)
    naive = np.repeat(values[origins - 1][:, None], horizon, axis=1)
    if not season or horizon > season or origins.min() < season:
        return naive, None
    # Step k ahead of origin t is season-aligned with t + k - season, which is in the past when k < season.
    seasonal = values[origins[:, None] + steps - season]
    return naive, seasonal


def run(config, context):
    from keraslab.data.forecast_windows import make_windows, split_series
    from keraslab.data.time_series import load_series_data
    from keraslab.models.forecasters import build_forecaster
    from keraslab.models.optimizers import make_optimizer
    from keraslab.plots.learning_curves import plot_learning_curves

    series = load_series_data(config["data"], config["date"], config["value"], config["season"])
    values = series.values[-config["max_length"]:] if config["max_length"] else series.values
    dates = series.dates[-len(values):]
    window, horizon = config["window"], config["horizon"]
    split = split_series(values, window, horizon, config["validation_split"], config["test_split"])
    scaled = (values - split.mean) / split.scale
    change = config["predict"] == "change"

    def windows(name):
        x, y = make_windows(scaled, split.origins[name], window, horizon)
        if change:  # relative to the last value seen: the level drops out, only the shape remains
            last = x[:, -1:]
            x, y = x - last, y - last
        return x[..., None].astype("float32"), y.astype("float32")

    data = {name: windows(name) for name in ("train", "validation", "test")}
    has_validation = len(split.origins["validation"]) > 0
    context.say(f"{series.path}: {len(values)} steps of '{series.value_column}' by '{series.date_column}'; "
                f"windows train {len(data['train'][0])}, validation {len(data['validation'][0])}, "
                f"test {len(data['test'][0])}.")

    model = build_forecaster(config["model"], window, horizon, config["units"], config["num_layers"],
                             config["dropout_rate"], config["num_heads"])
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]), loss="mse",
                  metrics=["mae"])
    model = context.fit(model, *data["train"], validation_data=data["validation"] if has_validation else None,
                        reduce_lr_patience=5)
    context.save_model(model)

    def forecast(name):
        predicted = np.asarray(model.predict(data[name][0], batch_size=256, verbose=0), dtype="float64")
        if change:  # back from changes to levels: add the last scaled value each window saw
            predicted = predicted + scaled[split.origins[name] - 1][:, None]
        return predicted * split.scale + split.mean

    test_origins = split.origins["test"]
    _, truth = make_windows(values, test_origins, window, horizon)
    predicted = forecast("test")
    naive, seasonal = baseline_forecasts(values, test_origins, horizon, series.season)
    metrics = {"test_mae": float(np.mean(np.abs(predicted - truth))),
               "naive_mae": float(np.mean(np.abs(naive - truth)))}
    if seasonal is not None:
        metrics["seasonal_naive_mae"] = float(np.mean(np.abs(seasonal - truth)))
        # The share of the seasonal-naive error the model removes: 0.1 means 10% under it.
        metrics["skill_vs_seasonal_naive"] = 1 - metrics["test_mae"] / metrics["seasonal_naive_mae"]
    metrics["skill_vs_naive"] = 1 - metrics["test_mae"] / metrics["naive_mae"]
    metrics["test_rmse"] = float(np.sqrt(np.mean((predicted - truth) ** 2)))

    context.save_spec("forecasting", window=window, horizon=horizon, predict=config["predict"], mean=split.mean,
                      scale=split.scale, date=series.date_column, value=series.value_column, season=series.season)
    context.record(season=series.season, spans={"train_end": split.train_end, "validation_end": split.validation_end,
                                                "length": len(values)})
    plot_learning_curves(context.history, context.plot_path("learning_curves.png"), title=config["model"])
    _plot_forecast(series, dates, test_origins, truth, predicted, naive, context.plot_path("forecast.png"))
    baseline = ", ".join(f"{k.removesuffix('_mae')} {v:.3f}" for k, v in metrics.items() if k.endswith("naive_mae"))
    context.say(f"Test MAE {metrics['test_mae']:.3f} ({baseline}) over {len(test_origins)} forecasts.")
    return metrics


def _plot_forecast(series, dates, origins, truth, predicted, naive, path):
    from keraslab.plots import pyplot

    plt = pyplot()
    dates = [dates[t] for t in origins]
    figure, axis = plt.subplots(figsize=(10, 3.5))
    axis.plot(dates, truth[:, 0], label="truth", color="black", linewidth=1)
    axis.plot(dates, predicted[:, 0], label="model (1 step ahead)", linewidth=1)
    axis.plot(dates, naive[:, 0], label="naive", linewidth=0.8, alpha=0.5)
    axis.set_ylabel(series.value_column)
    axis.set_title("Test span: forecast against truth")
    axis.legend()
    figure.autofmt_xdate()
    figure.tight_layout()
    save_figure(figure, path)


def load(run_dir):
    """The predictor of a finished run: a series in, its next values out."""
    from keraslab.predictors.forecasting import Forecaster

    return Forecaster(run_dir)
