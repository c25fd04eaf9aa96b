"""Generate MNIST digits with a VAE, a DCGAN or a diffusion model, and measure them with FID-MNIST.

Every model is judged the same way: a fixed MNIST classifier (keraslab.generative.mnist_judge)
embeds `fid_samples` generated digits and as many test digits, and FID-MNIST is the Frechet
distance between the two clouds of features. The test-against-train FID is reported beside it as
the floor a perfect generator would reach with this many samples.
"""

import time

import numpy as np

from keraslab.data.load import load_image_data
from keraslab.errors import DataError
from keraslab.tasks.splitting import carve_validation, limit


def load_splits(config, low, high):
    """Train, validation, test images scaled to [low, high], plus the raw data (for the judge)."""
    data = load_image_data(config["data"])
    if data.x_train.shape[1:] != (28, 28, 1):
        raise DataError(f"Data '{config['data']}' holds images of shape {data.x_train.shape[1:]}; the generation "
                        "task and its FID-MNIST judge need 28x28 grey digits. Use data: mnist.")
    scale = lambda images: (images.astype("float32") / 255.0) * (high - low) + low  # noqa: E731
    if config["validation_split"]:
        keep, held = carve_validation(data.y_train, config["validation_split"], config["seed"])
    else:
        keep, held = np.arange(len(data.y_train)), np.arange(0)
    keep = limit(keep, config["max_samples"], config["seed"])
    held = limit(held, config["max_samples"], config["seed"])
    return scale(data.x_train[keep]), scale(data.x_train[held]), scale(data.x_test), data


def run(config, context):
    from keraslab.generative.mnist_judge import MnistJudge, load_judge

    data_range = (0.0, 1.0) if config["model"] == "vae" else (-1.0, 1.0)
    x_train, x_val, x_test, data = load_splits(config, *data_range)
    judge_model, judge_accuracy = load_judge(data.x_train, data.y_train, data.x_test, data.y_test,
                                             smoke=context.smoke, say=context.say)
    judge = MnistJudge(judge_model)
    count = min(config["fid_samples"], len(data.x_test))
    reference = judge.features(data.x_test[:count] / 255.0)[0] if count else None
    to_unit = lambda images: (np.asarray(images) - data_range[0]) / (data_range[1] - data_range[0])  # noqa: E731

    trainer = {"vae": train_vae, "gan": train_gan, "ddpm": train_ddpm}[config["model"]]
    model, metrics, sample = trainer(config, context, x_train, x_val, x_test, judge, reference, to_unit)
    context.save_model(model)

    samples = to_unit(sample(100, config["seed"]))
    from keraslab.generative.images import save_grid

    save_grid(samples, context.sample_path("samples.png"))
    if count:
        started = time.perf_counter()
        generated = to_unit(sample(count, config["seed"] + 1))
        metrics["generation_seconds_per_image"] = (time.perf_counter() - started) / count
        metrics["fid_mnist"], metrics["mean_confidence"] = judge.fid(generated, reference)
        floor_images = data.x_train[np.random.default_rng(config["seed"]).choice(len(data.x_train), count, False)]
        metrics["fid_mnist_floor"] = judge.fid(floor_images / 255.0, reference)[0]
        context.record(fid_samples=count, judge_test_accuracy=judge_accuracy)
        context.say(f"FID-MNIST {metrics['fid_mnist']:.2f} over {count} samples (test against train: "
                    f"{metrics['fid_mnist_floor']:.2f}); the judge is {metrics['mean_confidence']:.1%} sure of them.")
    from keraslab.plots.learning_curves import plot_learning_curves

    plot_learning_curves(context.history, context.plot_path("learning_curves.png"), title=model.name)
    return metrics


def train_vae(config, context, x_train, x_val, x_test, judge, reference, to_unit):
    from keraslab.generative.images import save_grid
    from keraslab.models.optimizers import make_optimizer
    from keraslab.models.vae import build_vae

    model = build_vae(x_train.shape[1:], config["latent_dim"], config["hidden_units"], seed=config["seed"])
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]))
    model = context.fit(model, x_train, x_train, validation_data=(x_val, x_val))
    metrics = context.evaluate(model, x_test, x_test, batch_size=512)
    context.say(f"VAE test loss (summed cross-entropy + KL per image) {metrics['test_loss']:.1f}.")

    def sample(count, seed):
        codes = np.random.default_rng(seed).standard_normal((count, model.latent_dim)).astype("float32")
        return model.decoder.predict(codes, batch_size=1000, verbose=0)

    # A walk over the first two latent axes (the rest held at 0), through the prior's quantiles.
    from scipy.stats import norm

    steps = norm.ppf(np.linspace(0.05, 0.95, 12))
    codes = np.zeros((144, model.latent_dim), dtype="float32")
    codes[:, 0], codes[:, 1] = np.repeat(steps, 12), np.tile(steps, 12)
    save_grid(model.decoder.predict(codes, verbose=0), context.sample_path("latent_grid.png"), columns=12)
    return model, metrics, sample


def train_gan(config, context, x_train, x_val, x_test, judge, reference, to_unit):
    import keras

    from keraslab.generative.gan_progress import GanProgress
    from keraslab.generative.images import save_gif
    from keraslab.models.dcgan import build_discriminator, build_generator
    from keraslab.models.gan import GAN

    image_shape = x_train.shape[1:]
    model = GAN(build_generator(config["latent_dim"], image_shape, config["width"]),
                build_discriminator(image_shape, config["width"]), config["latent_dim"],
                label_smoothing=config["label_smoothing"], seed=config["seed"])
    # Adam with beta_1 = 0.5 (Radford et al.): less momentum keeps the two players from overshooting.
    model.compile(keras.optimizers.Adam(config["learning_rate"], beta_1=0.5),
                  keras.optimizers.Adam(config["learning_rate"], beta_1=0.5))
    fixed = np.random.default_rng(config["seed"]).standard_normal((100, config["latent_dim"])).astype("float32")
    progress = GanProgress(model, fixed, judge, reference, to_unit, context.samples_folder,
                                fid_samples=min(1000, len(reference) if reference is not None else 0))
    # No validation loss means anything for a GAN: the kept epoch is the one with the lowest quick FID.
    # The images are their own targets only because the loop expects (x, y); the GAN ignores y.
    model = context.fit(model, x_train, x_train, monitor="fid", mode="min", callbacks=[progress])
    # The epoch grids on disk are already scaled up.
    save_gif(progress.frames(), context.sample_path("progress.gif"), scale=1)

    def sample(count, seed):
        codes = np.random.default_rng(seed).standard_normal((count, config["latent_dim"])).astype("float32")
        return np.concatenate([model.generate(codes[i:i + 1000]) for i in range(0, count, 1000)])

    return model, {}, sample


def train_ddpm(config, context, x_train, x_val, x_test, judge, reference, to_unit):
    from keraslab.models.diffusion import Diffusion
    from keraslab.models.optimizers import make_optimizer
    from keraslab.models.unet import build_unet

    network = build_unet(x_train.shape[1:], [int(w) for w in config["conv_filters"]])
    model = Diffusion(network, config["schedule"], config["timesteps"], config["ema_momentum"], seed=config["seed"])
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]))
    model = context.fit(model, x_train, x_train, validation_data=(x_val, x_val))
    metrics = context.evaluate(model, x_test, x_test, batch_size=512)

    # Sampling cost per image: every one of the T steps (DDPM) against `sampling_steps` (DDIM).
    for method in ("ddpm", "ddim"):
        started = time.perf_counter()
        model.sample(8, method=method, steps=config["sampling_steps"], seed=config["seed"], batch_size=8)
        metrics[f"{method}_seconds_per_image"] = (time.perf_counter() - started) / 8
    context.say(f"Sampling: DDPM ({model.timesteps} steps) {metrics['ddpm_seconds_per_image']:.2f} s/image, "
                f"DDIM ({config['sampling_steps']} steps) {metrics['ddim_seconds_per_image']:.3f} s/image (batch of 8).")

    def sample(count, seed):
        return model.sample(count, method="ddim", steps=config["sampling_steps"], seed=seed)

    return model, metrics, sample


def load(run_dir):
    """The predictor of a finished run: new images from noise."""
    from keraslab.predictors.generation import ImageSampler

    return ImageSampler(run_dir)
