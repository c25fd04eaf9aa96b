from keraslab.data.manifest import manifest_files
from keraslab.data.registry import Dataset

# Served file by file from GitHub; the manifest pins every file's sha256.
_RAW = "https://raw.githubusercontent.com/alexeygrigorev/clothing-dataset-small/master/"

DATASET = Dataset(
    name="clothing-small",
    description="Clothing photos in 10 classes (dress, hat, longsleeve, outwear, pants, shirt, shoes, shorts, "
                "skirt, t-shirt): train 3068 / validation 341 / test 372 JPEGs.",
    licence="CC0 1.0 (Alexey Grigorev and contributors)",
    citation="A. Grigorev, Clothing dataset (small subset), github.com/alexeygrigorev/clothing-dataset-small, 2020.",
    homepage="https://github.com/alexeygrigorev/clothing-dataset-small",
    loader="keraslab.data.image_folder:load_image_folder",
    files=manifest_files("clothing-small", _RAW),
    mirror_folder="clothing-dataset-small",
    kind="images",
    extra={"image_folder": True},
)
