from keraslab.data.registry import Dataset

DATASET = Dataset(
    name="waste",
    description="Waste photos, organic (O) vs recyclable (R): the reduced split of the IBM waste-classification "
                "lab (train and test folders of O and R).",
    licence="CC BY-SA 4.0 (Sashaank Sekar, Waste Classification data, Kaggle)",
    citation="S. Sekar, Waste Classification data, Kaggle, 2019; reduced split by IBM Skills Network.",
    homepage="https://www.kaggle.com/datasets/techsash/waste-classification-data",
    loader="keraslab.data.datasets.waste:load",
    mirror_folder="waste",
    kind="images",
    extra={"image_folder": True, "archive_name": "o-vs-r-split-reduced-1200.zip",
           "archive_url": "https://cf-courses-data.s3.us.cloud-object-storage.appdomain.cloud/"
                          "kd6057VPpABQ2FqCbgu9YQ/o-vs-r-split-reduced-1200.zip",
           # No checksum is published and none could be measured offline; the first hash seen is recorded.
           "archive_sha256": None,
           "archive_root": "o-vs-r-split"},
)


def load(folder, **options):
    from keraslab.data.archive_folder import load_archived_image_folder

    return load_archived_image_folder(DATASET, **options)
