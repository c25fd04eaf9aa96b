"""Training throughput of the NumPy MLP against the same network in Keras on each backend, and the RBM.

    python benchmarks/fundamentals/mlp_throughput.py [--samples 12000]

The network is the course's MNIST 784-784-100-10 (ReLU, softmax), float32, mini-batches of 128,
SGD with momentum 0.9. Each contender trains one warm-up pass on a small slice, then one timed pass
over `--samples` MNIST images. Keras runs in a fresh process per backend (Keras picks its backend
once per process). Achieved GFLOP/s counts 3 x the forward multiply-adds x 2, against the float32
matrix-product ceiling measured in the same run. Prints one JSON line per contender, then a table.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
SIZES = [784, 784, 100, 10]
BATCH_SIZE = 128
LEARNING_RATE = 0.05
MOMENTUM = 0.9
WARMUP_SAMPLES = 1024


def mnist(samples):
    from keraslab.data.load import load_image_data

    data = load_image_data("mnist")
    x = data.x_train[:samples].reshape(samples, -1).astype("float32") / 255.0
    return x, data.y_train[:samples]


def flops_per_sample():
    return 3 * sum(2 * n_in * n_out for n_in, n_out in zip(SIZES[:-1], SIZES[1:]))


def numpy_mlp(x, labels, threads):
    from threadpoolctl import threadpool_limits

    from keraslab.fundamentals.mlp import MLP, SGD, one_hot, train_epoch

    model = MLP(SIZES, ["relu", "relu", "softmax"], "categorical_crossentropy", init="he_normal", seed=0)
    optimizer = SGD(LEARNING_RATE, MOMENTUM)
    y = one_hot(labels, 10)
    with threadpool_limits(limits=threads, user_api="blas"):
        train_epoch(model, x[:WARMUP_SAMPLES], y[:WARMUP_SAMPLES], BATCH_SIZE, optimizer)
        started = time.perf_counter()
        train_epoch(model, x, y, BATCH_SIZE, optimizer)
        return len(x) / (time.perf_counter() - started)


def rbm(x, threads, num_hidden=256, batch_size=64):
    from threadpoolctl import threadpool_limits

    from keraslab.fundamentals.rbm import BernoulliRBM

    v = (x > 0.5).astype("float32")
    machine = BernoulliRBM(784, num_hidden, seed=0)
    with threadpool_limits(limits=threads, user_api="blas"):
        machine.contrastive_divergence(v[:batch_size], 0.05)
        started = time.perf_counter()
        for start in range(0, len(v), batch_size):
            machine.contrastive_divergence(v[start:start + batch_size], 0.05, cd_steps=1)
        return len(v) / (time.perf_counter() - started)


def keras_mlp(samples):
    """Run inside a process whose KERAS_BACKEND is set; prints samples/s as JSON."""
    import keras
    from keras import layers

    from keraslab.bench.flops import training_flops

    x, labels = mnist(samples)
    model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(784, activation="relu"),
                              layers.Dense(100, activation="relu"), layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE, momentum=MOMENTUM),
                  loss="sparse_categorical_crossentropy")
    model.fit(x[:WARMUP_SAMPLES], labels[:WARMUP_SAMPLES], batch_size=BATCH_SIZE, epochs=1, verbose=0)
    started = time.perf_counter()
    model.fit(x, labels, batch_size=BATCH_SIZE, epochs=1, verbose=0, shuffle=False)
    seconds = time.perf_counter() - started
    print(json.dumps({"samples_per_second": samples / seconds, "flops_per_sample": training_flops(model)}))


def keras_in_process(backend, samples):
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_ENABLE_ONEDNN_OPTS": "1", "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.run([sys.executable, __file__, "--keras", "--samples", str(samples)], env=env,
                             capture_output=True, text=True, timeout=1800)
    lines = [line for line in process.stdout.splitlines() if line.startswith("{")]
    if process.returncode or not lines:
        return {"error": process.stderr.strip()[-300:]}
    return json.loads(lines[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=12000)
    parser.add_argument("--keras", action="store_true", help="internal: time Keras in this process")
    args = parser.parse_args()
    if args.keras:
        return keras_mlp(args.samples)

    from keraslab.backend import installed_backends
    from keraslab.bench.ceiling import matmul_gflops

    ceiling = matmul_gflops()
    x, labels = mnist(args.samples)
    flops = flops_per_sample()
    rows = []
    for threads in (1, 2):
        rows.append((f"NumPy MLP, {threads} BLAS thread{'s' if threads > 1 else ''}", numpy_mlp(x, labels, threads)))
    for backend in installed_backends():
        result = keras_in_process(backend, args.samples)
        rows.append((f"Keras on {backend}", result.get("samples_per_second", float("nan"))))
        if "error" in result:
            print(json.dumps({"contender": f"keras-{backend}", **result}), flush=True)
    rbm_rows = [(f"RBM 784x256 CD-1, batch 64, {t} BLAS thread{'s' if t > 1 else ''}", rbm(x, t)) for t in (1, 2)]

    print(f"\nfloat32 matmul ceiling measured now: {ceiling:.1f} GFLOP/s; {args.samples} MNIST images, "
          f"784-784-100-10, batch {BATCH_SIZE}, {flops / 1e6:.2f} MFLOP per training sample\n")
    print("| contender | training samples/s | GFLOP/s | % of ceiling |")
    print("|---|---|---|---|")
    for name, speed in rows:
        gflops = speed * flops / 1e9
        print(f"| {name} | {speed:,.0f} | {gflops:.1f} | {100 * gflops / ceiling:.0f}% |")
        print(json.dumps({"contender": name, "samples_per_second": speed, "gflops": gflops, "ceiling": ceiling}),
              file=sys.stderr)
    rbm_flops = 5 * 2 * 784 * 256  # CD-1: v->h, h->v, v'->h', and two outer products v^T h for the update
    for name, speed in rbm_rows:
        gflops = speed * rbm_flops / 1e9
        print(f"| {name} | {speed:,.0f} | {gflops:.1f} | {100 * gflops / ceiling:.0f}% |")


if __name__ == "__main__":
    main()
