from keraslab.data.registry import Dataset, RemoteFile

DATASET = Dataset(
    name="concrete",
    description="Concrete compressive strength: 1030 mixes, 8 ingredients and age -> Strength (MPa).",
    licence="CC BY 4.0 (UCI Machine Learning Repository)",
    citation="I-Cheng Yeh, Modeling of strength of high performance concrete using artificial neural "
             "networks, Cement and Concrete Research 28(12), 1998.",
    homepage="https://archive.ics.uci.edu/dataset/165/concrete+compressive+strength",
    loader="keraslab.data.csv_table:load_csv_dataset",
    files=(RemoteFile(
        "concrete_data.csv",
        ("https://s3-api.us-geo.objectstorage.softlayer.net/cf-courses-data/CognitiveClass/DL0101EN/"
         "labs/data/concrete_data.csv",
         "https://cf-courses-data.s3.us.cloud-object-storage.appdomain.cloud/IBMDeveloperSkillsNetwork-"
         "DL0101EN-SkillsNetwork/labs/Module%203/data/concrete_data.csv"),
        "07866685127575e44c3a61f9bfc1169e59e207a8a9e87aa3ff2af507b6fd0af3"),),
    mirror_folder="concrete",
    target="Strength",
    extra={"file": "concrete_data.csv"},
)
