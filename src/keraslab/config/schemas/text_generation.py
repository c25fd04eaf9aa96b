from keraslab.config.fields import training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["tokenizer"] == "char" and config["max_vocabulary"] != 0 and config["max_vocabulary"] < 2:
        raise ConfigError(f"Key 'max_vocabulary' in {where} must be 0 (all) or at least 2.")
    if config["model"] == "transformer" and config["d_model"] % config["num_heads"]:
        raise ConfigError(f"Key 'd_model' in {where} ({config['d_model']}) must be divisible by "
                          f"num_heads ({config['num_heads']}); change one of them.")


SCHEMA = Schema(
    task="text-generation",
    module="keraslab.tasks.text_generation",
    description="A text file -> a next-token model (decoder-only transformer, LSTM or GRU) and samples from it.",
    fields=[
        Field("data", str, "tinyshakespeare", "A text dataset name or a path to a UTF-8 .txt file."),
        Field("max_chars", int, 0, "Use at most this many characters of the text (0: all); smoke runs set it.", min=0),
        Field("tokenizer", str, "char", "char: one token per character; word: words and punctuation.",
              choices=("char", "word")),
        Field("max_vocabulary", int, 10000, "Word tokenizer: keep this many most frequent tokens; the rest "
              "become [UNK]. Ignored for characters.", min=0),
        Field("model", str, "transformer", "The next-token model.", choices=("transformer", "lstm", "gru")),
        Field("sequence_length", int, 64, "Tokens of context per training window (the model's block size).",
              min=2),
        Field("window_stride", int, 0, "Start a training window every this many tokens (0: sequence_length, "
              "no overlap).", min=0),
        Field("d_model", int, 128, "Width of token embeddings (and of the transformer).", min=1),
        Field("num_layers", int, 4, "Transformer blocks or stacked recurrent layers.", min=1),
        Field("num_heads", int, 4, "Attention heads per transformer block.", min=1,
              when={"model": ("transformer",)}),
        Field("feed_forward_dim", int, 512, "Hidden width of each transformer block's feed-forward part.", min=1,
              when={"model": ("transformer",)}),
        Field("positional_embedding", str, "learned", "How the transformer knows positions.",
              choices=("learned", "sinusoidal"), when={"model": ("transformer",)}),
        Field("recurrent_units", int, 512, "Units of each LSTM/GRU layer.", min=1,
              when={"model": ("lstm", "gru")}),
        Field("dropout_rate", float, 0.0, "Dropout in the model.", min=0, max=1, max_exclusive=True),
        Field("jit_compile", bool, False, "Compile the training and evaluation steps with XLA (Keras' jit_compile). "
              "TensorFlow: the shakespeare transformer trained 11-18% more tokens per CPU second for about 5 CPU "
              "seconds of compiling (docs/benchmarks/peers.md); JAX always compiles; PyTorch: torch.compile."),
        Field("learning_rate_schedule", str, "cosine", "cosine: decay to 10% over the run; constant: no decay.",
              choices=("cosine", "constant")),
        Field("sample_prompt", str, "ROMEO:", "Prompt of the sample written into the run directory."),
        Field("sample_tokens", int, 300, "Tokens to generate for that sample.", min=0),
        Field("temperature", float, 0.8, "Sampling temperature (0: greedy).", min=0),
        Field("top_k", int, 0, "Sample among the k most likely tokens only (0: all).", min=0),
        Field("top_p", float, 1.0, "Nucleus sampling: the smallest set of tokens with this much probability.",
              min=0, max=1, min_exclusive=True),
    ] + training_fields(epochs=3, batch_size=32, learning_rate=1e-3, optimizer="adamw", validation_split=0.1),
    smoke={"epochs": 1, "max_chars": 3000, "sequence_length": 32, "d_model": 32, "num_layers": 1,
           "num_heads": 2, "feed_forward_dim": 64, "recurrent_units": 32, "max_vocabulary": 200,
           "sample_tokens": 20},
    check=_check,
    renamed={"embedding_dim": "d_model"},
)
