from keraslab.plots import pyplot
from keraslab.plots.save import save_figure

# Margins in inches, fixed: `tight_layout` measured every label to find them, about 0.1 s of CPU per run.
_LEFT, _RIGHT, _BOTTOM, _TOP, _BETWEEN = 0.85, 0.2, 0.55, 0.5, 0.9


def plot_learning_curves(history, path, title=""):
    """One panel per metric, training and validation together."""
    plt = pyplot()
    names = [n for n in history if not n.startswith("val_") and n != "learning_rate"]
    if not names:
        return None
    width, height = 4.5 * len(names), 3.5
    figure, axes = plt.subplots(1, len(names), figsize=(width, height), squeeze=False)
    panel = (width - _LEFT - _RIGHT - (len(names) - 1) * _BETWEEN) / len(names)
    figure.subplots_adjust(left=_LEFT / width, right=1 - _RIGHT / width, bottom=_BOTTOM / height,
                           top=1 - _TOP / height, wspace=_BETWEEN / panel)
    for axis, name in zip(axes[0], names):
        epochs = range(1, len(history[name]) + 1)
        axis.plot(epochs, history[name], label="train")
        if f"val_{name}" in history:
            axis.plot(epochs, history[f"val_{name}"], label="validation")
        axis.set_xlabel("epoch")
        axis.set_ylabel(name)
        axis.legend()
    figure.suptitle(title)
    save_figure(figure, path)
    return path
