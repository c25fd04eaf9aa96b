from keraslab.data.registry import Dataset, RemoteFile

_UCI = "https://archive.ics.uci.edu/ml/machine-learning-databases/car/"

DATASET = Dataset(
    name="car-evaluation",
    description="Car evaluation: 1728 cars, 6 categorical attributes -> acceptability (4 classes).",
    licence="CC BY 4.0 (UCI Machine Learning Repository)",
    citation="M. Bohanec and V. Rajkovic, Knowledge acquisition and explanation for multi-attribute "
             "decision making, 1988. UCI Machine Learning Repository.",
    homepage="https://archive.ics.uci.edu/dataset/19/car+evaluation",
    loader="keraslab.data.csv_table:load_csv_dataset",
    files=(
        RemoteFile("car.data", (_UCI + "car.data",),
                   "b703a9ac69f11e64ce8c223c0a40de4d2e9d769f7fb20be5f8f2e8a619893d83"),
        RemoteFile("car.names", (_UCI + "car.names",),
                   "9fc5c9bcb278715e28fdcd9cf49b4281b19df575b3d4bc555c9f2a00839c7efb"),
    ),
    mirror_folder="car-evaluation",
    target="class",
    # car.data has no header row; car.names documents these columns.
    extra={"file": "car.data",
           "columns": ["buying", "maint", "doors", "persons", "lug_boot", "safety", "class"]},
)
