"""Sequence to sequence with attention: the "Transformers with Keras" lab done properly.

Training uses teacher forcing: the decoder reads the true target shifted right by one (a start
token first) and predicts every target position at once, through a causal mask. Inference has
no true target, so it decodes one position at a time, greedily or with a beam. Exact match (every
character right) on held-out dates is the metric.
"""


import numpy as np

from keraslab.data.char_tokenizer import CharTokenizer

PAD, START = 0, 1


def encode_sources(tokenizer, sources, length):
    ids = np.zeros((len(sources), length), dtype="int32")
    for row, text in enumerate(sources):
        encoded = tokenizer.encode(text[:length]) + 1  # shift by one: 0 is padding
        ids[row, :len(encoded)] = encoded
    return ids


def run(config, context):
    import keras

    from keraslab.data.date_formats import TARGET_LENGTH, date_pairs
    from keraslab.models.optimizers import make_optimizer
    from keraslab.models.seq2seq_decoding import beam_decode, greedy_decode
    from keraslab.models.seq2seq_transformer import build_seq2seq_transformer
    from keraslab.plots.learning_curves import plot_learning_curves

    data = date_pairs(config["num_examples"], config["seed"])
    train_sources, train_targets = data["train"]
    source_tokenizer = CharTokenizer.fit("".join(train_sources))
    # Target ids: 0 pad, 1 start, then the characters of ISO dates.
    target_tokenizer = CharTokenizer.fit("0123456789-")
    source_length = max(len(s) for s in train_sources)

    def arrays(name):
        sources, targets = data[name]
        x = encode_sources(source_tokenizer, sources, source_length)
        y = np.stack([target_tokenizer.encode(t) + 1 for t in targets]).astype("int32")
        decoder_in = np.concatenate([np.full((len(y), 1), START, "int32"), y[:, :-1]], axis=1)
        return x, decoder_in, y

    train, validation, test = arrays("train"), arrays("validation"), arrays("test")
    context.say(f"Dates -> ISO: {len(train[0])} training, {len(validation[0])} validation, {len(test[0])} test "
                f"examples, e.g. '{train_sources[0]}' -> '{train_targets[0]}'.")

    target_vocabulary = target_tokenizer.vocabulary_size + 1
    model = build_seq2seq_transformer(source_tokenizer.vocabulary_size + 1, target_vocabulary, source_length,
                                      TARGET_LENGTH, config["d_model"], config["num_heads"],
                                      config["feed_forward_dim"], config["num_layers"], config["dropout_rate"])
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    model = context.fit(model, {"source": train[0], "target_in": train[1]}, train[2],
                        validation_data=({"source": validation[0], "target_in": validation[1]}, validation[2]),
                        reduce_lr_patience=2)
    context.save_model(model)

    greedy = greedy_decode(model, test[0], TARGET_LENGTH, START)
    metrics = {"test_exact_match": float(np.mean(np.all(greedy == test[2], axis=1))),
               "test_char_accuracy": float(np.mean(greedy == test[2]))}
    if config["beam_width"] > 1:
        beam = beam_decode(model, test[0], TARGET_LENGTH, START, config["beam_width"])
        metrics["test_exact_match_beam"] = float(np.mean(np.all(beam == test[2], axis=1)))

    decode = lambda ids: target_tokenizer.decode(ids - 1)  # noqa: E731 (undo the padding shift)
    test_sources, test_targets = data["test"]
    lines = [f"{source!r} -> {decode(row)} (truth {truth}){'' if decode(row) == truth else '  WRONG'}"
             for source, row, truth in zip(test_sources[:50], greedy[:50], test_targets[:50])]
    context.write_text("samples/test_translations.txt", "\n".join(lines) + "\n")
    context.save_spec("seq2seq", source_length=source_length, source_tokenizer=source_tokenizer.to_json(),
                      target_tokenizer=target_tokenizer.to_json())
    plot_learning_curves(context.history, context.plot_path("learning_curves.png"), title="dates -> ISO")
    context.say(f"Exact match on {len(test[0])} held-out dates: greedy {metrics['test_exact_match']:.4f}"
                + (f", beam {metrics['test_exact_match_beam']:.4f}" if "test_exact_match_beam" in metrics else "")
                + f"\n" + "\n".join(lines[:5]))
    return metrics


def load(run_dir):
    """The predictor of a finished run: dates as people write them in, ISO dates out."""
    from keraslab.predictors.seq2seq import DateTranslator

    return DateTranslator(run_dir)
