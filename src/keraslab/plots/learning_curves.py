from keraslab.plots import pyplot
from keraslab.plots.save import save_figure


def plot_learning_curves(history, path, title=""):
    """One panel per metric, training and validation together."""
    plt = pyplot()
    names = [n for n in history if not n.startswith("val_") and n != "learning_rate"]
    if not names:
        return None
    figure, axes = plt.subplots(1, len(names), figsize=(4.5 * len(names), 3.5), squeeze=False)
    for axis, name in zip(axes[0], names):
        epochs = range(1, len(history[name]) + 1)
        axis.plot(epochs, history[name], label="train")
        if f"val_{name}" in history:
            axis.plot(epochs, history[f"val_{name}"], label="validation")
        axis.set_xlabel("epoch")
        axis.set_ylabel(name)
        axis.legend()
    figure.suptitle(title)
    figure.tight_layout()
    save_figure(figure, path)
    return path
