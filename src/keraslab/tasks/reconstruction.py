"""Autoencoders on images: learn to rebuild (or denoise) digits through a narrow code.

Reports the test reconstruction loss, PCA's error at the same code size (a linear autoencoder, the
baseline a nonlinear one must beat), and, when trained on some digits only, how well reconstruction
error flags the other digits as anomalies (ROC AUC).
"""

import numpy as np

from keraslab.data.load import load_image_data
from keraslab.errors import ConfigError
from keraslab.tasks.splitting import limit, split_indices
from keraslab.plots.save import save_figure


def add_noise(images, noise_factor, seed):
    """Gaussian noise, clipped back to pixel range; fixed per image, as in the course."""
    if not noise_factor:
        return images
    noise = np.random.default_rng(seed).standard_normal(images.shape).astype("float32")
    return np.clip(images + noise_factor * noise, 0.0, 1.0)


def load_splits(config):
    data = load_image_data(config["data"])
    x_train, y_train = data.x_train.astype("float32") / 255.0, data.y_train
    x_test, y_test = data.x_test.astype("float32") / 255.0, data.y_test
    normal = [int(d) for d in config["normal_digits"]]
    if normal:
        unknown = sorted(set(normal) - set(int(c) for c in np.unique(y_train)))
        if unknown:
            raise ConfigError(f"Key 'normal_digits' names {unknown}, which are not labels of '{config['data']}'. "
                              f"Use labels from {sorted(set(int(c) for c in np.unique(y_train)))}.")
        keep = np.isin(y_train, normal)
        x_train, y_train = x_train[keep], y_train[keep]
    keep, _, held = split_indices(len(y_train), config["validation_split"], 0, config["seed"] + 7, y_train)
    train = limit(keep, config["max_samples"], config["seed"])
    held = limit(held, config["max_samples"], config["seed"])
    test = limit(np.arange(len(y_test)), config["max_samples"], config["seed"])
    return (x_train[train], y_train[train]), (x_train[held], y_train[held]), (x_test[test], y_test[test]), normal


def run(config, context):
    import keras

    from keraslab.generative.images import save_grid
    from keraslab.models.autoencoder import build_conv_autoencoder, build_dense_autoencoder
    from keraslab.models.optimizers import make_optimizer
    from keraslab.plots.learning_curves import plot_learning_curves

    (x_train, y_train), (x_val, _), (x_test, y_test), normal = load_splits(config)
    noisy_train = add_noise(x_train, config["noise_factor"], config["seed"])
    noisy_val = add_noise(x_val, config["noise_factor"], config["seed"] + 1)
    noisy_test = add_noise(x_test, config["noise_factor"], config["seed"] + 2)

    if config["model"] == "dense":
        model, encoder = build_dense_autoencoder(x_train.shape[1:], config["hidden_units"])
    else:
        model, encoder = build_conv_autoencoder(x_train.shape[1:], config["conv_filters"])
    model.compile(optimizer=make_optimizer(config["optimizer"], config["learning_rate"]),
                  loss="binary_crossentropy", metrics=[keras.metrics.MeanSquaredError(name="mse")])
    model = context.fit(model, noisy_train, x_train, validation_data=(noisy_val, x_val),
                        reduce_lr_patience=config["reduce_lr_patience"])
    context.save_model(model)
    context.save_spec("reconstruction", image_shape=list(x_train.shape[1:]))

    metrics = context.evaluate(model, noisy_test, x_test)
    rebuilt = model.predict(noisy_test, batch_size=512, verbose=0)
    errors = ((rebuilt - x_test) ** 2).reshape(len(x_test), -1).mean(axis=1)
    if normal:
        from sklearn.metrics import roc_auc_score

        is_anomaly = ~np.isin(y_test, normal)
        if is_anomaly.any() and not is_anomaly.all():
            metrics["anomaly_roc_auc"] = float(roc_auc_score(is_anomaly, errors))
            context.say(f"Reconstruction error flags unseen digits with ROC AUC {metrics['anomaly_roc_auc']:.3f}.")
            errors = errors[~is_anomaly]
            metrics["test_mse_normal_digits"] = float(errors.mean())
    if config["compare_pca"] and config["model"] == "dense":
        metrics.update(pca_baseline(x_train, noisy_test, x_test, int(config["hidden_units"][-1]), config["seed"]))
        context.say(f"Test MSE: autoencoder {metrics['test_mse']:.4f}, PCA with the same "
                    f"{config['hidden_units'][-1]} components {metrics['pca_test_mse']:.4f}.")

    picks = np.arange(min(10, len(x_test)))
    rows = [noisy_test[picks], rebuilt[picks], x_test[picks]] if config["noise_factor"] else [x_test[picks], rebuilt[picks]]
    save_grid(np.concatenate(rows), context.sample_path("reconstructions.png"), columns=len(picks))
    plot_codes(encoder.predict(x_test, batch_size=512, verbose=0), y_test, context.plot_path("codes.png"))
    plot_learning_curves(context.history, context.plot_path("learning_curves.png"), title=model.name)
    return metrics


def pca_baseline(x_train, inputs_test, x_test, components, seed):
    """PCA fitted on clean training images: the best linear code of the same size."""
    from sklearn.decomposition import PCA

    pca = PCA(n_components=min(components, len(x_train)), random_state=seed).fit(x_train.reshape(len(x_train), -1))
    flat = inputs_test.reshape(len(inputs_test), -1)
    rebuilt = np.clip(pca.inverse_transform(pca.transform(flat)), 0, 1)
    return {"pca_test_mse": float(((rebuilt - x_test.reshape(len(x_test), -1)) ** 2).mean()),
            "pca_components": int(pca.n_components_)}


def plot_codes(codes, labels, path):
    """Codes in 2-D coloured by digit (the first two principal axes when the code is larger)."""
    from keraslab.plots import pyplot

    codes = codes.reshape(len(codes), -1)
    if codes.shape[1] > 2:
        centred = codes - codes.mean(axis=0)
        _, _, axes = np.linalg.svd(centred, full_matrices=False)
        codes = centred @ axes[:2].T
    plt = pyplot()
    figure, axis = plt.subplots(figsize=(6, 5))
    points = axis.scatter(codes[:, 0], codes[:, 1], c=labels, cmap="tab10", s=2)
    figure.colorbar(points, ax=axis, label="digit")
    axis.set_title("Test codes by digit")
    save_figure(figure, path, bbox_inches="tight")


def load(run_dir):
    """The predictor of a finished run: image files in, their reconstruction error out."""
    from keraslab.predictors.reconstruction import ReconstructionPredictor

    return ReconstructionPredictor(run_dir)
