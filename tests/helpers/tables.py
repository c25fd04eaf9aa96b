"""Small tables made on the spot, for runs that need a CSV of their own."""

import numpy as np


def write_mixed_table(path, rows=80):
    """Two numeric columns and a categorical one; y = 3 x1 - 2 x2 + (colour == red). Returns `path`."""
    rng = np.random.default_rng(0)
    lines = ["x1,x2,colour,y"]
    for _ in range(rows):
        x1, x2 = rng.normal(size=2)
        colour = rng.choice(["red", "blue"])
        lines.append(f"{x1:.3f},{x2:.3f},{colour},{3 * x1 - 2 * x2 + (colour == 'red'):.3f}")
    path.write_text("\n".join(lines) + "\n")
    return path
