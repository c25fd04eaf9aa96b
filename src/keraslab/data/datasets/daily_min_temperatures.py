from keraslab.data.registry import Dataset, RemoteFile

DATASET = Dataset(
    name="daily-min-temperatures",
    description="Daily minimum temperature in Melbourne (deg C), 1981-1990: 3650 rows, Date -> Temp.",
    licence="Time Series Data Library (Rob Hyndman; data: Australian Bureau of Meteorology), via jbrownlee/Datasets",
    citation="Australian Bureau of Meteorology, daily minimum temperatures, Melbourne, 1981-1990.",
    homepage="https://github.com/jbrownlee/Datasets",
    loader="keraslab.data.time_series:load_series_dataset",
    files=(RemoteFile(
        "daily-min-temperatures.csv",
        ("https://raw.githubusercontent.com/jbrownlee/Datasets/master/daily-min-temperatures.csv",),
        "8b9de63ed6789492bf497625e7f9beb96a63d367b4b0a21754006f749fa5e5da"),),
    mirror_folder="timeseries",
    target="Temp",
    kind="timeseries",
    # One season is a year of days (the file has no 29 Februaries).
    extra={"file": "daily-min-temperatures.csv", "date": "Date", "season": 365},
)
