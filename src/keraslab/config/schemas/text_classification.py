from keraslab.config.fields import training_fields
from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="text-classification",
    module="keraslab.tasks.text_classification",
    description="Texts -> classes with a transformer encoder (tokenizer, encoder, pooling), "
                "beside a bag-of-words baseline.",
    fields=[
        Field("data", str, "shakespeare-speakers", "The labelled texts: speeches of Tiny Shakespeare by speaker.",
              choices=("shakespeare-speakers",)),
        Field("num_speakers", int, 8, "Keep the speakers with the most speeches; each one is a class.", min=2),
        Field("max_vocabulary", int, 8000, "Most frequent word tokens kept (training texts only).", min=2),
        Field("sequence_length", int, 64, "Tokens per text; longer texts are cut, shorter ones padded.", min=1),
        Field("d_model", int, 64, "Width of embeddings and attention.", min=1),
        Field("num_heads", int, 4, "Attention heads.", min=1),
        Field("feed_forward_dim", int, 128, "Hidden width of each block's feed-forward part.", min=1),
        Field("num_layers", int, 1, "Transformer encoder blocks.", min=1),
        Field("dropout_rate", float, 0.2, "Dropout in the model.", min=0, max=1, max_exclusive=True),
        Field("test_split", float, 0.2, "Fraction of texts held out as the test split, used once.",
              min=0, max=1, min_exclusive=True, max_exclusive=True),
    ] + training_fields(epochs=30, batch_size=32, learning_rate=1e-3),
    smoke={"epochs": 1, "num_speakers": 2, "sequence_length": 16, "max_vocabulary": 500, "d_model": 16,
           "num_heads": 2, "feed_forward_dim": 16},
)
