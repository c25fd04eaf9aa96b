from keraslab.plots import pyplot
from keraslab.plots.save import save_figure


def plot_overlaid_curves(histories, path, metrics=("loss", "val_loss", "val_accuracy"), title=""):
    """One panel per metric, one curve per variant in each: alternatives compared epoch by epoch.

    histories: {variant: {metric: [value per epoch]}}; a metric no variant logged gets no panel."""
    plt = pyplot()
    metrics = [m for m in metrics if any(m in h for h in histories.values())]
    if not metrics:
        return None
    figure, axes = plt.subplots(1, len(metrics), figsize=(4.8 * len(metrics), 3.8), squeeze=False)
    for axis, metric in zip(axes[0], metrics):
        for variant, history in histories.items():
            if metric in history:
                axis.plot(range(1, len(history[metric]) + 1), history[metric], marker=".", label=variant)
        axis.set_xlabel("epoch")
        axis.set_ylabel(metric)
        if metric.endswith("loss"):
            axis.set_yscale("log")  # a diverging variant would otherwise flatten every other curve
    axes[0][-1].legend(fontsize="small")
    figure.suptitle(title)
    figure.tight_layout()
    save_figure(figure, path)
    return path
