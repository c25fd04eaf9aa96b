"""Does the image input pipeline keep ahead of training? Images/s of each stage against training samples/s.

    python benchmarks/vision/pipeline.py [--data clothing-small] [--image-size 64] [--json out.json]

Stages, on the training split of the dataset:
  decode (cold)   JPEG -> resized uint8, parallel threads, with JPEG draft (DCT-domain downscaling)
  decode (plain)  the same without draft, for comparison (a sample of the files)
  decode (cached) the decoded-array cache keraslab keeps per file list, side and colour mode
  augmentation    the clothing preset's augmentation layers on batches of 32, on their own
  training        the clothing preset's model (augmentation inside), samples/s of model.fit
The pipeline keeps ahead when cached decoding and augmentation each run faster than training.
The machine is a 2-core CPU shared with other jobs: timings are noisy, repeat before trusting 20%.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def timed(function):
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="clothing-small")
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--train-images", type=int, default=640, help="images used to time model.fit")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    os.environ["KERASLAB_HOME"] = tempfile.mkdtemp(prefix="keraslab-bench-")  # cold caches

    from keraslab.bench.ceiling import matmul_gflops
    from keraslab.data.fetch import fetch
    from keraslab.data.image_folder import decode_images, list_class_folder
    from keraslab.data.registry import get_dataset

    folder = fetch(get_dataset(args.data))
    files = [path for path, _ in list_class_folder(folder / "train")[0]]
    side = args.image_size
    results = {"data": args.data, "image_size": side, "images": len(files), "cpus": os.cpu_count()}

    (images, _), seconds = timed(lambda: decode_images(files, side, "rgb"))
    results["decode_cold_images_per_s"] = len(files) / seconds
    _, seconds = timed(lambda: decode_images(files, side, "rgb"))
    results["decode_cached_images_per_s"] = len(files) / seconds
    sample = files[:300]
    _, seconds = timed(lambda: _decode_plain(sample, side))
    results["decode_plain_one_thread_images_per_s"] = len(sample) / seconds

    import keras

    from keraslab.config.presets import load_preset
    from keraslab.models.augmentation import build_augmentation
    from keraslab.models.transfer import assemble, build_backbone, build_feature_extractor, build_head

    config = load_preset("clothing").config
    augmentation = build_augmentation(config["augmentation"], seed=0)
    batch = images[:32].astype("float32")
    augmentation(batch, training=True)  # trace once
    rounds = 20
    _, seconds = timed(lambda: [augmentation(batch, training=True) for _ in range(rounds)])
    results["augmentation_images_per_s"] = 32 * rounds / seconds

    shape = images.shape[1:]
    backbone = build_backbone("small_cnn", shape, None, config["conv_filters"])
    extractor = build_feature_extractor(backbone, "small_cnn", shape, frozen=False)
    head = build_head(extractor.output_shape[-1], 10, config["hidden_units"], config["dropout_rate"])
    model = assemble(shape, extractor, head, build_augmentation(config["augmentation"], seed=0))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x = images[: args.train_images]
    y = (x[:, 0, 0, 0] % 10).astype("int64")
    model.fit(x[:64], y[:64], batch_size=32, epochs=1, verbose=0)  # trace once
    _, seconds = timed(lambda: model.fit(x, y, batch_size=32, epochs=1, verbose=0))
    results["training_samples_per_s"] = len(x) / seconds

    from keraslab.bench.flops import training_flops

    results["training_gflops_per_s"] = training_flops(model) * len(x) / seconds / 1e9
    results["ceiling_gflops_per_s"] = matmul_gflops()
    results["pipeline_keeps_ahead"] = min(results["decode_cached_images_per_s"],
                                          results["augmentation_images_per_s"]) > results["training_samples_per_s"]
    for key, value in results.items():
        print(f"{key:40s} {value:.1f}" if isinstance(value, float) else f"{key:40s} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


def _decode_plain(files, side):
    """The naive loop: one thread, full-size decode, then resize."""
    import numpy as np
    from PIL import Image

    out = []
    for path in files:
        with Image.open(path) as image:
            out.append(np.asarray(image.convert("RGB").resize((side, side), Image.BILINEAR)))
    return out


if __name__ == "__main__":
    sys.exit(main())
