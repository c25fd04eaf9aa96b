from keraslab.data.registry import Dataset

DATASET = Dataset(
    name="fruits",
    description="Fruits-360 (100x100 photos of fruits and vegetables, one class per folder, Training/Test splits).",
    licence="CC BY-SA 4.0 (Horea Muresan, Mihai Oltean)",
    citation="H. Muresan and M. Oltean, Fruit recognition from images using deep learning, "
             "Acta Univ. Sapientiae, Informatica 10(1), 2018.",
    homepage="https://github.com/fruits-360/fruits-360-100x100",
    loader="keraslab.data.datasets.fruits:load",
    mirror_folder="fruits",
    kind="images",
    extra={"image_folder": True, "archive_name": "fruits-360-100x100-main.zip",
           "archive_url": "https://github.com/fruits-360/fruits-360-100x100/archive/refs/heads/main.zip",
           # GitHub builds this zip on request and publishes no checksum; the first hash seen is recorded.
           "archive_sha256": None,
           "archive_root": "fruits-360-100x100-main"},
)


def load(folder, **options):
    from keraslab.data.archive_folder import load_archived_image_folder

    return load_archived_image_folder(DATASET, **options)
