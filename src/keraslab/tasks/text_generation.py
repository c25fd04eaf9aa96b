"""Text generation: a next-token model learns a text, then writes some of its own.

The last `validation_split` of the text (a contiguous tail, not random windows, so no validation
window overlaps a training one) is held out; `val_loss` is cross-entropy in nats per token on it.
Training windows are cut from the rest: inputs are tokens [i, i+L), targets tokens [i+1, i+L+1),
so every position of every window is a prediction with a loss.
"""


import numpy as np

from keraslab.errors import DataError


def make_windows(ids, sequence_length, stride):
    """(inputs, targets), each (windows, sequence_length); targets are inputs shifted by one token."""
    count = (len(ids) - 1 - sequence_length) // stride + 1
    if len(ids) < sequence_length + 1 or count < 1:
        return None
    starts = np.arange(count) * stride
    offsets = np.arange(sequence_length)
    return ids[starts[:, None] + offsets], ids[starts[:, None] + offsets + 1]


def build_tokenizer(config, text):
    from keraslab.data.char_tokenizer import CharTokenizer
    from keraslab.data.word_tokenizer import WordTokenizer

    if config["tokenizer"] == "char":
        return CharTokenizer.fit(text)
    return WordTokenizer.fit(text, config["max_vocabulary"] or 10 ** 9)


def build_model(config, vocabulary_size):
    from keraslab.models.language_model import build_recurrent_language_model, build_transformer_language_model

    if config["model"] == "transformer":
        return build_transformer_language_model(
            vocabulary_size, config["sequence_length"], config["d_model"], config["num_layers"],
            config["num_heads"], config["feed_forward_dim"], config["dropout_rate"], config["positional_embedding"])
    return build_recurrent_language_model(config["model"], vocabulary_size, config["sequence_length"],
                                          config["d_model"], config["recurrent_units"], config["num_layers"],
                                          config["dropout_rate"])


def make_learning_rate(config, total_steps):
    import keras

    if config["learning_rate_schedule"] == "constant":
        return config["learning_rate"]
    # Cosine decay to a tenth, as nanoGPT does: large steps early, fine ones at the end.
    return keras.optimizers.schedules.CosineDecay(config["learning_rate"], decay_steps=max(total_steps, 1), alpha=0.1)


def run(config, context):
    import keras

    from keraslab.data.text import load_text_data
    from keraslab.models.optimizers import make_optimizer
    from keraslab.models.text_sampling import generate
    from keraslab.plots.learning_curves import plot_learning_curves

    text = load_text_data(config["data"])
    if config["max_chars"]:
        text = text[:config["max_chars"]]
    length = config["sequence_length"]
    split = int(len(text) * (1 - config["validation_split"]))
    train_text, validation_text = text[:split], text[split:]
    tokenizer = build_tokenizer(config, train_text)
    train_ids, validation_ids = tokenizer.encode(train_text), tokenizer.encode(validation_text)

    train = make_windows(train_ids, length, config["window_stride"] or length)
    if train is None:
        raise DataError(f"Text '{config['data']}' gives {len(train_ids)} training tokens, fewer than one window of "
                        f"sequence_length+1 = {length + 1}. Use a longer text or --set sequence_length=SMALLER.")
    validation = make_windows(validation_ids, length, length) if config["validation_split"] else None
    if config["validation_split"] and validation is None:
        raise DataError(f"The validation tail of '{config['data']}' ({len(validation_ids)} tokens) is shorter than "
                        f"one window ({length + 1}). Use a longer text, a larger validation_split or a shorter "
                        "sequence_length.")
    context.say(f"{len(text):,} characters, vocabulary {tokenizer.vocabulary_size}, "
                f"{len(train[0]):,} training windows of {length} tokens.")

    model = build_model(config, tokenizer.vocabulary_size)
    steps = config["epochs"] * -(-len(train[0]) // config["batch_size"])
    model.compile(optimizer=make_optimizer(config["optimizer"], make_learning_rate(config, steps)),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), jit_compile=config["jit_compile"])
    model = context.fit(model, train[0], train[1], validation_data=validation,
                        monitor="val_loss" if validation else "loss")
    context.save_model(model)
    context.save_spec("text-generation", sequence_length=length, tokenizer=tokenizer.to_json())

    metrics = {}
    if validation is not None:
        # fit measured the whole validation tail after every epoch, and the model keeps the weights of the
        # epoch with the best of those losses (or of the last epoch): that loss is the metric, without a
        # second pass over the tail (about 3 CPU seconds of a 2-minute shakespeare-transformer run).
        loss = float(context.info["best_monitor"])
        unit = "character" if config["tokenizer"] == "char" else "token"
        metrics = {"val_loss": loss, "val_bits_per_token": loss / np.log(2), "val_perplexity": float(np.exp(loss))}
        context.say(f"Validation loss {loss:.4f} nats per {unit} ({loss / np.log(2):.3f} bits).")
    plot_learning_curves(context.history, context.plot_path("learning_curves.png"),
                         title=f"{config['model']} on {config['data']}")
    tokens_per_second = context.info["samples_per_second"] * length
    windows = {"train": len(train[0]), "validation": 0 if validation is None else len(validation[0])}
    # jit_compile as Keras used it: Keras falls back to plain graphs (with a warning) when it cannot use XLA.
    context.record(tokens_per_second=tokens_per_second, jit_compile=bool(model.jit_compile),
                   vocabulary_size=tokenizer.vocabulary_size,
                   parameters=model.count_params(), windows=windows)

    if config["sample_tokens"]:
        new = generate(model, tokenizer.encode(config["sample_prompt"]), config["sample_tokens"], length,
                       config["temperature"], config["top_k"], config["top_p"], seed=config["seed"])
        sample = tokenizer.continue_text(config["sample_prompt"], new)
        context.write_text("samples/sample.txt", sample + "\n")
        context.say(f"Sample:\n{sample}")
    return metrics


def load(run_dir):
    """The predictor of a finished run: a prompt in, its continuation out."""
    from keraslab.predictors.text_generation import TextGenerator

    return TextGenerator(run_dir)
