import re

from keraslab.config.fields import data_fields, training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError

# The five ML Zoomcamp training lessons this task compares heads for (tasks/head_comparison.py).
LESSONS = ("learning_rate", "checkpointing", "depth_width", "dropout_rate", "optimizer")
# Pretrained backbones only: the task trains heads on frozen features.
BACKBONES = ("efficientnet_lite0", "xception", "vgg16", "mobilenet_v2", "efficientnet_b0", "resnet50")
HEAD_STYLES = ("plain", "he", "batchnorm", "batchnorm-he")
_LAYOUT = re.compile(r"^[1-9][0-9]*(-[1-9][0-9]*)*$")
_CHECKPOINT = re.compile(r"^(best|last|epoch-([1-9][0-9]*))$")


def _check(config, where):
    for key in ("learning_rates", "dropout_rates", "optimizers", "hidden_layouts", "head_styles"):
        repeated = sorted({str(value) for value in config[key] if config[key].count(value) > 1})
        if repeated:
            raise ConfigError(f"Key '{key}' in {where} lists {repeated[0]} twice; each variant is trained once. "
                              "List every value once.")
    if config["compare"] in ("learning_rate", "optimizer") and config["learning_rate_schedule"] != "constant":
        raise ConfigError(f"Key 'learning_rate_schedule' in {where}: the {config['compare']} lesson compares "
                          "constant rates (learning_rates), and a schedule would replace them. Set "
                          "learning_rate_schedule=constant, or use another lesson.")
    for layout in config["hidden_layouts"]:
        if not _LAYOUT.match(layout):
            raise ConfigError(f"Key 'hidden_layouts' in {where}: '{layout}' is not a layout of units; write the "
                              "units of each Dense layer joined by '-', e.g. 100-100-100.")
    match = _CHECKPOINT.match(config["evaluate_checkpoint"])
    if match is None:
        raise ConfigError(f"Key 'evaluate_checkpoint' in {where} must be best, last or epoch-N; got "
                          f"'{config['evaluate_checkpoint']}'. E.g. --set evaluate_checkpoint=epoch-10.")
    if match.group(2):
        epoch, every = int(match.group(2)), config["checkpoint_every"]
        if epoch > config["epochs"] or epoch % every:
            raise ConfigError(f"Key 'evaluate_checkpoint' in {where}: epoch-{epoch} is never saved (checkpoints every "
                              f"{every} epochs up to epoch {config['epochs']}). Pick a multiple of checkpoint_every "
                              "up to epochs, or best, or last.")
        if config["early_stopping_patience"]:
            raise ConfigError(f"Key 'evaluate_checkpoint' in {where}: epoch-{epoch} may never be reached with "
                              "early_stopping_patience set. Set early_stopping_patience=0, or evaluate best.")


_CHECKPOINTING = {"compare": ("checkpointing",)}

SCHEMA = Schema(
    task="head-comparison",
    module="keraslab.tasks.head_comparison",
    description="Small dense heads on a frozen pretrained backbone's features (computed once, cached), one per "
                "variant of a training lesson: learning rates, checkpointing, depth against width (batch norm, He "
                "initialisation), dropout rates, optimizers; curves overlaid, the best variant tested once.",
    fields=data_fields("clothing-small") + [
        Field("compare", str, "learning_rate", "The lesson: which setting the heads differ in.", choices=LESSONS),
        Field("backbone", str, "efficientnet_lite0", "The frozen ImageNet backbone whose pooled features the heads "
              "learn from (efficientnet_lite0 is offline; the others download their weights once).",
              choices=BACKBONES),
        Field("image_size", int, 150, "Images resized to this square side before the backbone (the course's "
              "lessons: 150 px).", min=32, max=1024),
        Field("hidden_units", list, [100], "Units of each hidden Dense layer of the head (the course: one of 100).",
              item=int, min=1),
        Field("dropout_rate", float, 0.0, "Dropout after the hidden layers (the head of every variant but the "
              "dropout lesson's).", min=0, max=1, max_exclusive=True),
        Field("momentum", float, 0.9, "Momentum of SGD (the optimizer lesson's sgd variant, and optimizer=sgd).",
              min=0, max=1, max_exclusive=True),
        Field("learning_rates", list, [0.0001, 0.001, 0.01, 0.1], "The learning-rate lesson's variants; in the "
              "optimizer lesson, the rates each optimizer is tried at.",
              item=float, min=0, min_exclusive=True, min_items=1, when={"compare": ("learning_rate", "optimizer")}),
        Field("dropout_rates", list, [0.0, 0.2, 0.5, 0.8], "The dropout lesson's variants.", item=float, min=0,
              max=1, max_exclusive=True, min_items=1, when={"compare": ("dropout_rate",)}),
        Field("optimizers", list, ["adam", "sgd"], "The optimizer lesson's variants (sgd with `momentum`).",
              item=str, choices=("adam", "adamw", "sgd", "rmsprop"), min_items=1, when={"compare": ("optimizer",)}),
        Field("hidden_layouts", list, ["100", "100-100-100", "400"], "The depth-width lesson's heads: units of "
              "each Dense layer joined by '-' (deeper: more layers; wider: more units).", item=str, min_items=1,
              when={"compare": ("depth_width",)}),
        Field("head_styles", list, ["plain", "batchnorm-he"], "Each layout of the depth-width lesson in these "
              "styles: plain (Glorot initialisation), he (he_normal), batchnorm (BatchNormalization before each "
              "ReLU), batchnorm-he.", item=str, choices=HEAD_STYLES, min_items=1, when={"compare": ("depth_width",)}),
        Field("checkpoint_every", int, 5, "The checkpointing lesson: a ModelCheckpoint file every N epochs, beside "
              "the best-only one.", min=1, when=_CHECKPOINTING),
        Field("evaluate_checkpoint", str, "best", "The checkpointing lesson: which saved file is loaded back and "
              "tested: best (best-only by validation accuracy), last, or epoch-N.", when=_CHECKPOINTING),
    ] + training_fields(epochs=10, batch_size=32),
    # Two variants a lesson (the optimizer lesson: two optimizers at two rates; depth-width: one layout, plain and
    # batchnorm-he), tiny heads, 32 px photos: JAX compiles every head anew.
    smoke={"epochs": 2, "max_samples": 48, "image_size": 32, "learning_rates": [0.001, 0.01],
           "dropout_rates": [0.0, 0.5], "hidden_layouts": ["8"], "optimizers": ["adam", "sgd"],
           "hidden_units": [8], "checkpoint_every": 1},
    check=_check,
)
