"""Captioning: learn to describe generated scenes of coloured shapes; BLEU-4 on held-out scenes.

Teacher forcing in training (the decoder sees the true previous words); greedy decoding at test
time (it sees its own). Test scenes come from a different seed than training scenes.
"""

import numpy as np

SPECIAL = ("<pad>", "<start>", "<end>")


def encode(captions, vocabulary, length):
    """Captions -> (decoder inputs, targets): "<start> w1..wn" and "w1..wn <end>", padded to `length`."""
    index = {word: i for i, word in enumerate(vocabulary)}
    inputs = np.zeros((len(captions), length), dtype="int32")
    targets = np.zeros((len(captions), length), dtype="int32")
    for row, caption in enumerate(captions):
        words = [index[w] for w in caption.split()]
        inputs[row, :len(words) + 1] = [index["<start>"]] + words
        targets[row, :len(words) + 1] = words + [index["<end>"]]
    return inputs, targets


def greedy_captions(model, images, vocabulary, length, batch_size=256):
    tokens = np.zeros((len(images), length), dtype="int32")
    tokens[:, 0] = vocabulary.index("<start>")
    for position in range(length - 1):
        logits = model.predict([images, tokens], batch_size=batch_size, verbose=0)
        tokens[:, position + 1] = logits[:, position].argmax(axis=-1)
    captions = []
    for row in tokens[:, 1:]:
        words = []
        for token in row:
            if vocabulary[token] in SPECIAL:
                break
            words.append(vocabulary[token])
        captions.append(" ".join(words))
    return captions


def run(config, context):
    import keras

    from keraslab.generative.bleu import corpus_bleu
    from keraslab.generative.shape_scenes import make_scenes
    from keraslab.models.captioner import build_captioner
    from keraslab.models.optimizers import make_optimizer

    count = min(config["train_scenes"], config["max_samples"] or config["train_scenes"])
    images, captions = make_scenes(count, seed=config["seed"], size=config["image_size"])
    test_images, test_captions = make_scenes(config["test_scenes"], seed=config["seed"] + 10_000,
                                             size=config["image_size"])
    vocabulary = list(SPECIAL) + sorted({w for c in captions + test_captions for w in c.split()})
    length = max(len(c.split()) for c in captions + test_captions) + 1
    inputs, targets = encode(captions, vocabulary, length)
    held = int(len(images) * config["validation_split"])
    validation = ([images[:held], inputs[:held]], targets[:held]) if held else None

    model = build_captioner(images.shape[1:], len(vocabulary), length, config["d_model"], config["num_heads"])
    # Padding after <end> is not a word to predict: ignore_class leaves it out of the loss.
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0))
    model = context.fit(model, [images[held:], inputs[held:]], targets[held:], validation_data=validation)
    context.save_model(model)
    context.save_spec("captioning", image_shape=list(images.shape[1:]), vocabulary=vocabulary, caption_length=length)

    predicted = greedy_captions(model, test_images, vocabulary, length)
    metrics = {"test_bleu4": corpus_bleu(test_captions, predicted),
               "test_exact_match": float(np.mean([p == t for p, t in zip(predicted, test_captions)]))}
    context.write_text("samples/captions.txt", 
        "".join(f"{i}\ttruth: {t}\tpredicted: {p}\n" for i, (t, p) in enumerate(zip(test_captions, predicted))))
    context.record(vocabulary=vocabulary, caption_length=length)
    context.say(f"BLEU-4 {metrics['test_bleu4']:.3f} and {metrics['test_exact_match']:.1%} exact captions "
                f"on {len(test_images)} held-out scenes; e.g. '{predicted[0]}' for '{test_captions[0]}'.")
    return metrics


def load(run_dir):
    """The predictor of a finished run: image files in, one sentence each out."""
    from keraslab.predictors.captioning import Captioner

    return Captioner(run_dir)
