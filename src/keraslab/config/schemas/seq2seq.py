from keraslab.config.fields import training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["d_model"] % config["num_heads"]:
        raise ConfigError(f"Key 'd_model' in {where} ({config['d_model']}) must be divisible by num_heads "
                          f"({config['num_heads']}); change one of them.")


SCHEMA = Schema(
    task="seq2seq",
    module="keraslab.tasks.seq2seq",
    description="Sequence to sequence: an encoder-decoder transformer with attention, teacher forcing, "
                "greedy and beam decoding (dates written many ways -> ISO 8601).",
    fields=[
        Field("data", str, "dates", "The generated task: dates in human formats -> YYYY-MM-DD.", choices=("dates",)),
        Field("num_examples", int, 20000, "Examples generated (split 80/10/10 by date, so test dates are new).",
              min=10),
        Field("d_model", int, 64, "Width of embeddings and attention.", min=1),
        Field("num_heads", int, 4, "Attention heads.", min=1),
        Field("feed_forward_dim", int, 128, "Hidden width of each block's feed-forward part.", min=1),
        Field("num_layers", int, 2, "Encoder blocks, and as many decoder blocks.", min=1),
        Field("dropout_rate", float, 0.1, "Dropout in the model.", min=0, max=1, max_exclusive=True),
        Field("beam_width", int, 3, "Hypotheses kept by beam search (1: greedy).", min=1),
    ] + training_fields(epochs=10, batch_size=64, learning_rate=1e-3),
    # Beam search is covered by a unit test; in smoke runs it would only add a compile per backend.
    smoke={"epochs": 1, "num_examples": 300, "d_model": 16, "num_heads": 2, "feed_forward_dim": 32, "num_layers": 1,
           "beam_width": 1},
    check=_check,
)
