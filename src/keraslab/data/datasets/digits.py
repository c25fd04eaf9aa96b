from keraslab.data.registry import Dataset

DATASET = Dataset(
    name="digits",
    description="UCI optical digits as shipped inside scikit-learn: 1797 8x8 grayscale images, 10 classes "
                "(offline: no download).",
    licence="CC BY 4.0 (UCI Machine Learning Repository)",
    citation="E. Alpaydin and C. Kaynak, Optical Recognition of Handwritten Digits, UCI, 1998.",
    homepage="https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits",
    loader="keraslab.data.digits:load_digits",
    kind="images",
    bundled=True,
)
