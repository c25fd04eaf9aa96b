"""Text classification: a transformer encoder against the bag-of-words baseline it has to beat.

Both models see the same split, the same tokenizer (fit on training texts only) and the same
training loop; the baseline's test accuracy is reported beside the transformer's.
"""

import numpy as np


def pad_ids(tokenizer, texts, length):
    """Word ids shifted by one so that 0 means padding; cut or padded to `length`."""
    ids = np.zeros((len(texts), length), dtype="int32")
    for row, text in enumerate(texts):
        encoded = tokenizer.encode(text)[:length] + 1
        ids[row, :len(encoded)] = encoded
    return ids


def word_frequencies(ids, vocabulary_size):
    """(n, vocabulary) relative frequencies of every word id in each text, padding ignored."""
    counts = np.zeros((len(ids), vocabulary_size), dtype="float32")
    for row, text in enumerate(ids):
        np.add.at(counts[row], text[text > 0], 1.0)
    return counts / np.maximum(counts.sum(1, keepdims=True), 1.0)


def run(config, context):
    import keras

    from keraslab.data.shakespeare_speakers import speaker_dataset
    from keraslab.data.text import load_text_data
    from keraslab.data.word_tokenizer import WordTokenizer
    from keraslab.models.optimizers import make_optimizer
    from keraslab.models.text_classifier import build_bag_of_words_classifier, build_transformer_classifier
    from keraslab.plots.learning_curves import plot_learning_curves
    from keraslab.tasks.classification_report import write_classification_report
    from keraslab.tasks.splitting import split_indices

    texts, labels, names = speaker_dataset(load_text_data("tinyshakespeare"), config["num_speakers"])
    labels = np.array(labels)
    train, validation, test = split_indices(len(texts), config["test_split"], config["validation_split"],
                                            config["seed"], labels)
    tokenizer = WordTokenizer.fit(" ".join(texts[i] for i in train), config["max_vocabulary"] - 1)
    vocabulary_size = tokenizer.vocabulary_size + 1  # + padding
    ids = pad_ids(tokenizer, texts, config["sequence_length"])
    context.say(f"{len(texts)} speeches by {len(names)} speakers ({', '.join(names)}); chance "
                f"{np.bincount(labels[test]).max() / len(test):.3f} (the most frequent speaker).")

    def compiled(model):
        model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
        return model

    # The baseline is a reference, not the run's model: plain fit with early stopping, no checkpoints.
    # Frequencies x100 put its inputs on the scale of the default learning rate.
    frequencies = word_frequencies(ids, vocabulary_size)
    baseline = compiled(build_bag_of_words_classifier(vocabulary_size, len(names)))
    baseline_fit = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=10, restore_best_weights=True)
    baseline.fit(frequencies[train] * 100.0, labels[train], epochs=config["epochs"] * 3,
                 batch_size=config["batch_size"],
                 validation_data=(frequencies[validation] * 100.0, labels[validation]), verbose=0,
                 callbacks=[baseline_fit])
    baseline_accuracy = float(baseline.evaluate(frequencies[test] * 100.0, labels[test], verbose=0)[1])

    model = compiled(build_transformer_classifier(vocabulary_size, config["sequence_length"], len(names),
                                                  config["d_model"], config["num_heads"], config["feed_forward_dim"],
                                                  config["num_layers"], config["dropout_rate"]))
    model = context.fit(model, ids[train], labels[train], validation_data=(ids[validation], labels[validation]),
                        monitor="val_accuracy", mode="max")
    context.save_model(model)
    context.save_spec("text-classification", sequence_length=config["sequence_length"], tokenizer=tokenizer.to_json(),
                      class_names=list(names))
    metrics = context.evaluate(model, ids[test], labels[test])
    metrics["test_bag_of_words_accuracy"] = baseline_accuracy
    predicted = np.argmax(np.asarray(model.predict(ids[test], verbose=0)), axis=1)
    write_classification_report(context, labels[test], predicted, names)
    plot_learning_curves(context.history, context.plot_path("learning_curves.png"), title="speaker")
    context.say(f"Test accuracy: transformer {metrics['test_accuracy']:.3f}, bag of words {baseline_accuracy:.3f}.")
    return metrics


def load(run_dir):
    """The predictor of a finished run: a text in, who most likely said it out."""
    from keraslab.predictors.text_classification import TextClassifier

    return TextClassifier(run_dir)
