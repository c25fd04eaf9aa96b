from keraslab.config.fields import training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["d_model"] % config["num_heads"]:
        raise ConfigError(f"Key 'd_model' in {where} ({config['d_model']}) must be a multiple of 'num_heads' "
                          f"({config['num_heads']}). Change either, e.g. --set d_model=64 --set num_heads=4.")

SCHEMA = Schema(
    task="captioning",
    module="keraslab.tasks.captioning",
    description="A CNN encoder + transformer decoder captioner, trained on generated scenes of coloured shapes; BLEU-4.",
    fields=[
        Field("data", str, "shape-scenes", "Captioned images; shape-scenes are generated offline from the seed.",
              choices=("shape-scenes",)),
        Field("train_scenes", int, 6000, "Scenes to train on.", min=1),
        Field("test_scenes", int, 500, "Held-out scenes for BLEU-4 (made with another seed).", min=1),
        Field("image_size", int, 32, "Side of the square scenes.", min=12),
        Field("d_model", int, 64, "Width of the decoder and of the image tokens.", min=4),
        Field("num_heads", int, 4, "Attention heads (d_model must divide by it).", min=1),
        Field("max_samples", int, 0, "Use at most this many training scenes (0: all); smoke runs set it.", min=0),
    ] + training_fields(epochs=10, batch_size=64, learning_rate=2e-3, validation_split=0.1),
    check=_check,
    renamed={"dim": "d_model"},
    smoke={"epochs": 1, "max_samples": 128, "test_scenes": 16, "d_model": 16, "num_heads": 2},
)
