from keraslab.config.fields import data_fields, reduce_lr_field, training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if not config["validation_split"]:
        raise ConfigError(f"Key 'validation_split' in {where} must be > 0 for autoencoders: the best epoch is "
                          "chosen on held-out training images. Use e.g. --set validation_split=0.1.")

SCHEMA = Schema(
    task="reconstruction",
    module="keraslab.tasks.reconstruction",
    description="Autoencoders on MNIST: plain or denoising, dense or convolutional; PCA baseline; anomaly ROC AUC.",
    fields=data_fields("mnist") + [
        Field("model", str, "dense", "dense: 784-...-code-...-784; conv: stride-2 convolutions and their transposes.",
              choices=("dense", "conv")),
        Field("hidden_units", list, [64, 32], "Dense encoder layers, the last being the code (mirrored back).",
              item=int, min=1, min_items=1, when={"model": ("dense",)}),
        Field("conv_filters", list, [16, 32], "Filters of each stride-2 convolution (conv).",
              item=int, min=1, min_items=1, when={"model": ("conv",)}),
        Field("noise_factor", float, 0.0, "Std of Gaussian noise added to inputs (0: plain autoencoder; "
              "the target is always the clean image).", min=0),
        Field("compare_pca", bool, True, "Also fit PCA with the same code size and report its test error (dense).",
              when={"model": ("dense",)}),
        Field("normal_digits", list, [], "Train only on these digits and score the rest as anomalies "
              "by reconstruction error (ROC AUC); empty: all digits, no anomaly score.", item=int, min=0, max=9),
        reduce_lr_field(),
    ] + training_fields(epochs=20, batch_size=256, learning_rate=1e-3, validation_split=0.1),
    smoke={"epochs": 1, "max_samples": 512},
    check=_check,
)
