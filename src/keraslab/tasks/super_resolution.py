"""Transpose convolution, measured: learned 2x super-resolution against bicubic interpolation.

High-resolution images are downscaled 2x by averaging each 2x2 block (what a camera's larger pixels
would see); the model learns to invert that. Both the model and bicubic interpolation upscale the
same held-out inputs, and PSNR (dB, higher is better) compares each with the original.
"""

import numpy as np


def downscale(images):
    """2x2 block means: (N, H, W, C) floats -> (N, H/2, W/2, C)."""
    n, h, w, c = images.shape
    return images.reshape(n, h // 2, 2, w // 2, 2, c).mean(axis=(2, 4))


def psnr(reference, estimate):
    """Mean over images of 10 log10(1 / MSE) for pixels in 0..1."""
    mse = np.mean((np.clip(estimate, 0, 1) - reference) ** 2, axis=tuple(range(1, reference.ndim)))
    return float(np.mean(10 * np.log10(1.0 / np.maximum(mse, 1e-10))))


def bicubic(low):
    from keras import ops

    return np.asarray(ops.convert_to_numpy(ops.image.resize(low, (low.shape[1] * 2, low.shape[2] * 2),
                                                            interpolation="bicubic")))


def run(config, context):
    from keraslab.data.load import load_image_data
    from keraslab.errors import ConfigError
    from keraslab.models.optimizers import make_optimizer
    from keraslab.models.super_resolution import build_super_resolution
    from keraslab.tasks.splitting import limit

    side = config["image_size"]
    data = load_image_data(config["data"], image_size=side, seed=config["seed"])
    if data.x_train.shape[1] != side:
        raise ConfigError(f"Key 'image_size' is {side} but {config['data']} images are {data.x_train.shape[1]} px "
                          f"and are not resized; set --set image_size={data.x_train.shape[1]}.")
    train = data.x_train[limit(np.arange(len(data.x_train)), config["max_samples"], config["seed"])]
    test = data.x_test[limit(np.arange(len(data.x_test)), config["max_test_samples"], config["seed"])]
    high, high_test = train.astype("float32") / 255, test.astype("float32") / 255
    low, low_test = downscale(high), downscale(high_test)
    held = int(len(low) * config["validation_split"])
    validation = (low[-held:], high[-held:]) if held else None
    low, high = (low[:-held], high[:-held]) if held else (low, high)

    model = build_super_resolution(low.shape[1:], config["upsampling"], config["filters"], config["num_convs"],
                                   config["residual"])
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]), loss="mse")
    model = context.fit(model, low, high, validation)
    context.save_model(model)

    predicted = model.predict(low_test, batch_size=256, verbose=0)
    interpolated = bicubic(low_test)
    results = {"test_psnr": psnr(high_test, predicted), "bicubic_psnr": psnr(high_test, interpolated)}
    results["psnr_gain_db"] = results["test_psnr"] - results["bicubic_psnr"]
    _plot_examples(low_test[:6], interpolated[:6], predicted[:6], high_test[:6], context.plot_path("examples.png"))
    context.say(f"PSNR on {len(low_test)} held-out images: model {results['test_psnr']:.2f} dB, bicubic "
                f"{results['bicubic_psnr']:.2f} dB ({results['psnr_gain_db']:+.2f} dB).")
    return results


def _plot_examples(low, interpolated, predicted, high, path):
    from keraslab.plots.image_grid import plot_image_grid

    images, captions = [], []
    for row in range(len(low)):
        upscaled_low = np.repeat(np.repeat(low[row], 2, axis=0), 2, axis=1)
        for image, caption in ((upscaled_low, "input (2x pixels)"), (interpolated[row], "bicubic"),
                               (predicted[row], "learned"), (high[row], "original")):
            images.append(np.clip(image, 0, 1) * 255)
            captions.append(caption)
    plot_image_grid(images, captions, path, columns=4, title="2x super-resolution on held-out images")
