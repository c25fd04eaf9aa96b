"""Pictures of a reinforcement-learning run: returns and epsilon over episodes, and a Q-table."""

import numpy as np

from keraslab.plots import pyplot
from keraslab.plots.save import save_figure

_ARROWS = {0: "\u2190", 1: "\u2193", 2: "\u2192", 3: "\u2191"}  # FrozenLake: left, down, right, up


def moving_average(values, window):
    values = np.asarray(values, dtype="float64")
    if len(values) < window or window <= 1:
        return values
    kernel = np.ones(window) / window
    return np.convolve(values, kernel, mode="valid")


def plot_returns(history, path, title="", window=None):
    """Return per episode (raw, faint, and a moving average) with epsilon on a second axis."""
    plt = pyplot()
    returns = history["episode_return"]
    window = window or max(1, len(returns) // 50)
    figure, axis = plt.subplots(figsize=(7, 3.8))
    episodes = np.arange(1, len(returns) + 1)
    axis.plot(episodes, returns, color="tab:blue", alpha=0.25, linewidth=0.8, label="return")
    smooth = moving_average(returns, window)
    axis.plot(episodes[len(episodes) - len(smooth):], smooth, color="tab:blue",
              label=f"mean of {window}" if window > 1 else "return")
    axis.set_xlabel("episode")
    axis.set_ylabel("return")
    epsilon_axis = axis.twinx()
    epsilon_axis.plot(episodes, history["epsilon"], color="tab:orange", label="epsilon")
    epsilon_axis.set_ylabel("epsilon", color="tab:orange")
    epsilon_axis.set_ylim(0, 1.05)
    axis.legend(loc="upper left")
    axis.set_title(title)
    figure.tight_layout()
    save_figure(figure, path)
    return path


def plot_q_table(q_table, path, title="", grid=None):
    """A grid map (FrozenLake's `desc`) with the greedy action as an arrow and the best value as
    colour; without a grid, the whole table as a heat map (states x actions)."""
    plt = pyplot()
    if grid is None:
        figure, axis = plt.subplots(figsize=(5, 7))
        image = axis.imshow(q_table, aspect="auto", cmap="viridis", interpolation="nearest")
        axis.set_xlabel("action")
        axis.set_ylabel("state")
        figure.colorbar(image, ax=axis, label="Q(s, a)")
    else:
        rows, columns = grid.shape
        best = q_table.max(axis=1).reshape(rows, columns)
        policy = q_table.argmax(axis=1).reshape(rows, columns)
        figure, axis = plt.subplots(figsize=(1 + 0.9 * columns, 0.9 * rows))
        image = axis.imshow(best, cmap="viridis", vmin=0)
        for r in range(rows):
            for c in range(columns):
                cell = grid[r, c]
                text = cell if cell in "HG" else _ARROWS[int(policy[r, c])]
                axis.text(c, r, text, ha="center", va="center", fontsize=14,
                          color="white" if best[r, c] < best.max() / 2 else "black")
        axis.set_xticks([])
        axis.set_yticks([])
        figure.colorbar(image, ax=axis, label="max Q(s, .)")
    axis.set_title(title)
    figure.tight_layout()
    save_figure(figure, path)
    return path
