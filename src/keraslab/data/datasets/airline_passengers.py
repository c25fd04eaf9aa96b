from keraslab.data.registry import Dataset, RemoteFile

DATASET = Dataset(
    name="airline-passengers",
    description="International airline passengers per month (thousands), 1949-1960: 144 rows, Month -> Passengers.",
    licence="Time Series Data Library (Rob Hyndman), as redistributed in jbrownlee/Datasets",
    citation="G. E. P. Box, G. M. Jenkins and G. C. Reinsel, Time Series Analysis, series G, 1976.",
    homepage="https://github.com/jbrownlee/Datasets",
    loader="keraslab.data.time_series:load_series_dataset",
    files=(RemoteFile(
        "airline-passengers.csv",
        ("https://raw.githubusercontent.com/jbrownlee/Datasets/master/airline-passengers.csv",),
        "8cb51be753a718d9be5d76d7e238cc224792754676adc21faa59e954b0201621"),),
    mirror_folder="timeseries",
    target="Passengers",
    kind="timeseries",
    # One season is a year of months.
    extra={"file": "airline-passengers.csv", "date": "Month", "season": 12},
)
