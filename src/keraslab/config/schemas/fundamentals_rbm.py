from keraslab.config.fields import data_fields
from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="fundamentals-rbm",
    module="keraslab.tasks.fundamentals.rbm",
    description="NumPy: a Bernoulli RBM trained by contrastive divergence on binarised images; features vs pixels.",
    fields=data_fields("mnist") + [
        Field("num_hidden", int, 256, "Hidden binary units: the features the RBM learns.", min=1),
        Field("cd_steps", int, 1, "Gibbs steps per contrastive-divergence update (CD-k).", min=1),
        Field("epochs", int, 10, "Passes over the training images.", min=1),
        Field("batch_size", int, 64, "Images per CD update.", min=1),
        Field("learning_rate", float, 0.05, "Step size of CD.", min=0, min_exclusive=True),
        Field("num_labels", int, 1000, "Labelled training images the classifiers may use.", min=10),
        Field("gibbs_steps", int, 1000, "Gibbs round trips before a sampled digit is drawn.", min=1),
        Field("blas_threads", int, 1, "Threads for NumPy's matrix products; 0: the library's default.", min=0),
    ],
    smoke={"epochs": 1, "max_samples": 512, "num_hidden": 32, "num_labels": 100, "gibbs_steps": 20},
)
