"""Training throughput (tokens/s) of the Shakespeare transformer and LSTM on each backend.

Each backend runs in its own process (Keras picks its backend once per process). Every model
trains on real Tiny Shakespeare windows at the preset's size; the first steps (tracing, compiling)
are excluded. Achieved GFLOP/s is set against the float32 matmul ceiling measured in the same run.
The 2 CPU cores are shared with other jobs, so figures vary by tens of percent between runs.

    python benchmarks/sequences/tokens_per_second.py [--steps 30] [--backends tensorflow jax torch]
"""

import argparse
import json
import os
import subprocess
import sys
import time

MODELS = ("transformer", "lstm", "gru")


def transformer_training_flops(model, sequence_length, embedding_dim, num_layers):
    """Per token: 2 FLOPs per weight (minus the embedding lookup) plus attention's two products
    (scores and weighted sum, 2*T*d each), times 3 for forward + backward."""
    embedding = model.get_layer("token_embedding").count_params()
    weights = model.count_params() - embedding - model.get_layer("positions").count_params()
    return 3 * (2 * weights + num_layers * 4 * sequence_length * embedding_dim) * sequence_length


def measure(kind, steps, batch_size):
    import keras
    import numpy as np

    from keraslab.bench.flops import training_flops
    from keraslab.config.presets import load_preset
    from keraslab.config.schemas import schema_for
    from keraslab.data.text import load_text_data
    from keraslab.tasks.text_generation import build_model, build_tokenizer, make_windows

    preset = load_preset(f"shakespeare-{kind}")
    config = schema_for(preset.task).validate(preset.config, preset.name)
    text = load_text_data("tinyshakespeare")[:300_000]
    tokenizer = build_tokenizer(config, text)
    length = config["sequence_length"]
    x, y = make_windows(tokenizer.encode(text), length, length)
    model = build_model(config, tokenizer.vocabulary_size)
    model.compile(optimizer=keras.optimizers.AdamW(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    warm = 5
    model.fit(x[:batch_size * warm], y[:batch_size * warm], batch_size=batch_size, epochs=1, verbose=0)
    count = batch_size * steps
    started = time.perf_counter()
    model.fit(x[:count], y[:count], batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
    seconds = time.perf_counter() - started
    if kind == "transformer":
        flops_per_window = transformer_training_flops(model, length, config["d_model"], config["num_layers"])
    else:
        flops_per_window = training_flops(model)  # the recurrence and the logits layer, per window
    return {"model": kind, "tokens_per_second": count * length / seconds,
            "gflops": count * flops_per_window / seconds / 1e9, "parameters": model.count_params(),
            "batch_size": batch_size, "sequence_length": length}


def child(backend, steps, models):
    from keraslab.bench.ceiling import matmul_gflops

    ceiling = matmul_gflops()
    for kind in models:
        row = measure(kind, steps, 32)
        print(json.dumps({"backend": backend, "ceiling_gflops": ceiling, **row}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--backends", nargs="+", default=["tensorflow", "jax", "torch"])
    parser.add_argument("--models", nargs="+", default=list(MODELS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.steps, args.models)
        return
    rows = []
    for backend in args.backends:
        env = {**os.environ, "KERAS_BACKEND": backend, "TF_ENABLE_ONEDNN_OPTS": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
        out = subprocess.run([sys.executable, __file__, "--child", backend, "--steps", str(args.steps),
                              "--models", *args.models], env=env, capture_output=True, text=True)
        found = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
        if not found:
            print(out.stderr[-2000:], file=sys.stderr)
        rows += found
    print("| model | backend | tokens/s | GFLOP/s | ceiling GFLOP/s | share of ceiling |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['model']} | {row['backend']} | {row['tokens_per_second']:,.0f} | {row['gflops']:.1f} | "
              f"{row['ceiling_gflops']:.0f} | {row['gflops'] / row['ceiling_gflops']:.0%} |")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
