"""EfficientNet-Lite0 transfer speed per backend: feature extraction images/s and fine-tuning samples/s.

    python benchmarks/vision/efficientnet_lite0.py                   # every installed backend, in turn
    python benchmarks/vision/efficientnet_lite0.py --worker          # one measurement in this process

Three numbers per backend, on the first 256 clothing-small training photos at 224 px:
  extract      frozen backbone + pooling, pixels in, 1,280 features out (predict, batch 64): phase 1's cost
  fine-tune    block 15 + head conv + a 10-way head trained on cached block-14 maps (fit, batch 32): phase 2's
               cost as keraslab runs it (tasks/transfer.py computes the frozen bottom once)
  fine-tune from pixels  the same layers trainable, but the whole network run per step (what phase 2 would
               cost without the cached maps)
with the float32 matmul ceiling of the same moment, since this machine is shared.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NUM_IMAGES = 256


def worker():
    import keras
    import numpy as np

    from keraslab.bench.ceiling import matmul_gflops
    from keraslab.data.load import load_image_data
    from keraslab.models.transfer import build_backbone, build_feature_extractor, split_for_fine_tuning, unfreeze_top

    data = load_image_data("clothing-small", 224, "rgb")
    x, y = data.x_train[:NUM_IMAGES].astype("float32"), data.y_train[:NUM_IMAGES]
    ceiling = matmul_gflops()
    backbone = build_backbone("efficientnet_lite0", (224, 224, 3), "imagenet")
    backbone.trainable = False
    extractor = build_feature_extractor(backbone, "efficientnet_lite0", (224, 224, 3), frozen=True)
    extractor.predict(x[:64], batch_size=64, verbose=0)  # compile and warm up
    started = time.perf_counter()
    extractor.predict(x, batch_size=64, verbose=0)
    extract = NUM_IMAGES / (time.perf_counter() - started)

    lower, upper = split_for_fine_tuning(backbone, "efficientnet_lite0", (224, 224, 3), 8)
    maps = lower.predict(x, batch_size=64, verbose=0)
    unfreeze_top(backbone, 8)
    head = keras.layers.Dense(10, activation="softmax")
    inputs = keras.Input(maps.shape[1:])
    on_maps = keras.Model(inputs, head(upper(inputs)))
    pixels = keras.Input((224, 224, 3))
    from_pixels = keras.Model(pixels, head(extractor(pixels)))

    def samples_per_second(model, inputs_array, epochs=2):
        model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy")
        model.fit(inputs_array[:64], y[:64], batch_size=32, epochs=1, verbose=0)  # compile and warm up
        started = time.perf_counter()
        model.fit(inputs_array, y, batch_size=32, epochs=epochs, verbose=0)
        return epochs * len(y) / (time.perf_counter() - started)

    result = {"backend": keras.backend.backend(), "extract_images_per_s": round(extract, 1),
              "fine_tune_on_maps_samples_per_s": round(samples_per_second(on_maps, maps, epochs=3), 1),
              "fine_tune_from_pixels_samples_per_s": round(samples_per_second(from_pixels, x, epochs=1), 1),
              "matmul_gflops": round(ceiling, 1), "loadavg": open("/proc/loadavg").read().split()[:3]}
    print(json.dumps(result))


def main():
    from common import run_script

    from keraslab.backend import installed_backends

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--backends", default=",".join(installed_backends()))
    args = parser.parse_args()
    if args.worker:
        return worker()
    for backend in args.backends.split(","):
        print(json.dumps(run_script(Path(__file__), ["--worker"], backend)), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    main()
