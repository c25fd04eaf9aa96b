from keraslab.data.manifest import manifest_files
from keraslab.data.registry import Dataset

DATASET = Dataset(
    name="aircraft-damage",
    description="Aircraft surface damage photos, crack vs dent: train 300 / valid 96 / test 50 JPEGs (balanced).",
    licence="CC BY 4.0 (Roboflow-derived, per the IBM DL0101EN course)",
    citation="aircraft-damage-dataset-v1, IBM Skills Network DL0101EN final project (from Roboflow Universe).",
    homepage="https://universe.roboflow.com/",
    loader="keraslab.data.image_folder:load_image_folder",
    # Published as one tar (the course notebook's download); no checksum of the tar is published, so
    # the tar is extracted safely and each of its 446 images is verified against the manifest instead.
    files=manifest_files("aircraft-damage"),
    mirror_folder="aircraft-damage",
    kind="images",
    extra={"image_folder": True, "prepare": "keraslab.data.archive_folder:unpack_into_cache",
           "archive_name": "aircraft_damage_dataset_v1.tar",
           "archive_url": "https://cf-courses-data.s3.us.cloud-object-storage.appdomain.cloud/"
                          "ZjXM4RKxlBK9__ZjHBLl5A/aircraft_damage_dataset_v1.tar",
           "archive_root": "aircraft_damage_dataset_v1"},
)
