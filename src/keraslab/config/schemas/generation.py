from keraslab.config.fields import data_fields, training_fields
from keraslab.config.schema import Field, Schema
from keraslab.errors import ConfigError


def _check(config, where):
    if config["model"] == "ddpm":
        levels = len(config["conv_filters"])
        factor = 2 ** (levels - 1)
        if 28 % factor:
            raise ConfigError(f"Key 'conv_filters' in {where} gives a U-Net of {levels} levels that halves 28x28 images "
                              f"{levels - 1} times, but 28 is not a multiple of {factor}. Use at most 3 levels, "
                              "e.g. --set conv_filters=16,32,64.")


SCHEMA = Schema(
    task="generation",
    module="keraslab.tasks.generation",
    description="Generate MNIST digits with a VAE, a DCGAN or a diffusion model (DDPM, DDIM sampling); FID-MNIST.",
    fields=data_fields("mnist") + [
        Field("model", str, "vae", "vae: variational autoencoder; gan: DCGAN; ddpm: denoising diffusion.",
              choices=("vae", "gan", "ddpm")),
        Field("latent_dim", int, 16, "Size of the latent code (vae, gan).", min=1,
              when={"model": ("vae", "gan")}),
        Field("hidden_units", list, [512, 256], "Dense layers of the VAE's encoder (mirrored in the decoder).",
              item=int, min=1, min_items=1, when={"model": ("vae",)}),
        Field("width", int, 32, "Filters of the DCGAN's first convolution (doubled in the next).", min=1,
              when={"model": ("gan",)}),
        Field("label_smoothing", float, 0.1, "GAN: real images are labelled 1 - this for the discriminator.",
              min=0, max=1, max_exclusive=True, when={"model": ("gan",)}),
        Field("conv_filters", list, [16, 32, 64], "Filters per U-Net level (ddpm); each level halves the image.",
              item=int, min=1, min_items=1, when={"model": ("ddpm",)}),
        Field("schedule", str, "cosine", "Noise schedule (ddpm).", choices=("linear", "cosine"),
              when={"model": ("ddpm",)}),
        Field("timesteps", int, 1000, "Diffusion steps T (ddpm); DDPM sampling takes all of them.", min=2,
              when={"model": ("ddpm",)}),
        Field("ema_momentum", float, 0.999, "Samples come from this moving average of the U-Net's weights "
              "(ddpm); 0: the last step's weights.", min=0, max=1, max_exclusive=True,
              when={"model": ("ddpm",)}),
        Field("sampling_steps", int, 50, "DDIM steps when sampling (ddpm).", min=1,
              when={"model": ("ddpm",)}),
        Field("fid_samples", int, 10000, "Generated images judged by FID-MNIST (against as many test images); "
              "0: skip.", min=0),
    ] + training_fields(epochs=10, batch_size=128, learning_rate=1e-3, validation_split=0.1),
    # Smoke: tiny networks and few steps, so all three backends finish the pipeline in seconds.
    smoke={"epochs": 1, "max_samples": 128, "fid_samples": 100, "timesteps": 10, "sampling_steps": 2,
           "conv_filters": [8, 16], "hidden_units": [32], "width": 8},
    check=_check,
    renamed={"widths": "conv_filters"},
)
