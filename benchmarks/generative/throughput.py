"""Training images/s of each generative model per backend, and DDPM against DDIM sampling time.

    python benchmarks/generative/throughput.py [--backends tensorflow,jax,torch] [--images 2048]

Each backend runs in its own process (Keras picks its backend once per process): one warm-up epoch
(compilation), then one timed epoch over `--images` MNIST digits at batch 64. Achieved GFLOP/s is
counted from the layers (keraslab.bench.flops) beside the float32 matmul ceiling measured in the
same run. Sampling: seconds per image at batch 8, DDPM taking all 1,000 steps, DDIM 50.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def measure(backend, count):
    import keras
    import numpy as np

    from keraslab.bench.ceiling import matmul_gflops
    from keraslab.bench.flops import forward_flops, training_flops
    from keraslab.data.load import load_image_data
    from keraslab.models.autoencoder import build_dense_autoencoder
    from keraslab.models.dcgan import build_discriminator, build_generator
    from keraslab.models.diffusion import Diffusion
    from keraslab.models.gan import GAN
    from keraslab.models.unet import build_unet
    from keraslab.models.vae import build_vae

    images = load_image_data("mnist").x_train[:count].astype("float32") / 255.0
    signed = images * 2 - 1
    rows = []

    def timed_fit(model, x, flops):
        model.fit(x, x, epochs=1, batch_size=64, verbose=0)  # warm-up: tracing and compilation
        started = time.perf_counter()
        model.fit(x, x, epochs=1, batch_size=64, verbose=0)
        per_second = len(x) / (time.perf_counter() - started)
        return {"images_per_second": per_second, "gflops_per_second": flops * per_second / 1e9}

    autoencoder, _ = build_dense_autoencoder((28, 28, 1), (64, 32))
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    rows.append({"model": "autoencoder 784-64-32-64-784", **timed_fit(autoencoder, images, training_flops(autoencoder))})

    vae = build_vae((28, 28, 1), 16, (512, 256), seed=0)
    vae.compile(optimizer="adam")
    rows.append({"model": "VAE 512-256-16", **timed_fit(vae, images, training_flops(vae.encoder) + training_flops(vae.decoder))})

    generator, discriminator = build_generator(64, (28, 28, 1), 16), build_discriminator((28, 28, 1), 16)
    gan = GAN(generator, discriminator, 64, seed=0)
    gan.compile(keras.optimizers.Adam(2e-4, beta_1=0.5), keras.optimizers.Adam(2e-4, beta_1=0.5))
    # Per real image: a fake for the discriminator step, then the generator's forward and backward
    # passes through the discriminator; the discriminator sees two batches forward and backward.
    gan_flops = forward_flops(generator) + training_flops(generator) + 3 * forward_flops(discriminator) \
        + training_flops(discriminator) * 2
    rows.append({"model": "DCGAN width 16", **timed_fit(gan, signed, gan_flops)})

    unet = build_unet((28, 28, 1), (16, 32, 64))
    diffusion = Diffusion(unet, "cosine", 1000, seed=0)
    diffusion.compile(optimizer="adam")
    row = {"model": "DDPM U-Net 16-32-64", **timed_fit(diffusion, signed, training_flops(unet))}
    for method, steps in (("ddpm", 1000), ("ddim", 50)):
        diffusion.sample(8, method=method, steps=2, seed=0, batch_size=8)  # warm-up
        started = time.perf_counter()
        diffusion.sample(8, method=method, steps=steps, seed=0, batch_size=8)
        row[f"{method}_seconds_per_image"] = (time.perf_counter() - started) / 8
    rows.append(row)
    ceiling = matmul_gflops()
    for row in rows:
        row.update(backend=backend, ceiling_gflops=ceiling)
        print(json.dumps(row), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="tensorflow,jax,torch")
    parser.add_argument("--images", type=int, default=2048)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure(args.one, args.images)
        return
    rows = []
    for backend in args.backends.split(","):
        env = {**os.environ, "KERAS_BACKEND": backend, "TF_ENABLE_ONEDNN_OPTS": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
        process = subprocess.run([sys.executable, __file__, "--one", backend, "--images", str(args.images)],
                                 capture_output=True, text=True, env=env)
        found = [json.loads(line) for line in process.stdout.splitlines() if line.startswith("{")]
        if not found:
            print(f"{backend} failed:\n{process.stderr[-2000:]}", file=sys.stderr)
        rows += found
    print("| model | backend | images/s | GFLOP/s (ceiling) | DDPM 1000 steps s/image | DDIM 50 steps s/image |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['model']} | {row['backend']} | {row['images_per_second']:,.0f} | "
              f"{row['gflops_per_second']:.1f} ({row['ceiling_gflops']:.0f}) | "
              f"{row.get('ddpm_seconds_per_image', float('nan')):.2f} | {row.get('ddim_seconds_per_image', float('nan')):.3f} |")


if __name__ == "__main__":
    main()
