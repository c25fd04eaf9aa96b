from keraslab.config.fields import training_fields
from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="digit-pairs",
    module="keraslab.tasks.digit_pairs",
    description="Functional API: two MNIST digits in, one shared convolutional tower, two outputs (their sum as "
                "regression, which is larger as classification).",
    fields=[
        Field("data", str, "mnist", "An image dataset of digits 0-9 (mnist or digits)."),
        Field("num_pairs", int, 20000, "Training pairs drawn from the training digits.", min=10),
        Field("num_test_pairs", int, 5000, "Test pairs drawn from the test digits only.", min=10),
        Field("conv_filters", list, [32, 64], "Conv2D filters of the shared tower, one block each.",
              item=int, min=1, min_items=1),
        Field("embedding_units", int, 64, "Size of each digit's embedding from the shared tower.", min=1),
        Field("batch_norm", bool, False, "The lab's variant: BatchNormalization after each convolution."),
        Field("dropout_rate", float, 0.0, "The lab's other variant: Dropout on the joined embeddings.",
              min=0, max=1, max_exclusive=True),
        Field("sum_loss_weight", float, 0.1, "Weight of the sum's MSE against the comparison's cross-entropy "
              "(MSE of digit sums is ~10x larger).", min=0),
        Field("max_samples", int, 0, "Use at most this many pairs (0: all); smoke runs set it.", min=0),
    ] + training_fields(epochs=6, batch_size=128),
    smoke={"epochs": 1, "max_samples": 512},
    renamed={"tower_filters": "conv_filters"},
)
