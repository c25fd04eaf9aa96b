from keraslab.data.registry import Dataset, RemoteFile

_MIRRORS = ("https://storage.googleapis.com/cvdf-datasets/mnist/",
            "https://ossci-datasets.s3.amazonaws.com/mnist/")


def _idx(name, sha256):
    # Published gzipped; hashes are of the decompressed IDX content, so raw copies verify too.
    return RemoteFile(name, tuple(f"{base}{name}.gz" for base in _MIRRORS), sha256, gzipped=True)


DATASET = Dataset(
    name="mnist",
    description="MNIST handwritten digits: 60,000 train and 10,000 test 28x28 grayscale images, 10 classes.",
    licence="CC BY-SA 3.0 (Yann LeCun and Corinna Cortes)",
    citation="Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, Gradient-based learning applied to document "
             "recognition, Proceedings of the IEEE 86(11), 1998.",
    homepage="http://yann.lecun.com/exdb/mnist/",
    loader="keraslab.data.mnist:load_mnist",
    files=(
        _idx("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        _idx("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        _idx("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        _idx("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    ),
    mirror_folder="mnist",
    kind="images",
)
