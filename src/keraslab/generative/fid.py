"""Frechet distance between two sets of feature vectors (Heusel et al., 2017).

Fit a Gaussian to each set; the distance is |mu_a - mu_b|^2 + trace(S_a + S_b - 2 (S_a S_b)^(1/2)).
It is 0 for identical sets and grows as the generated features drift from the real ones in mean
or in spread, which is why it punishes both bad samples and too little variety.
"""

import warnings

import numpy as np
from scipy import linalg


def frechet_distance(features_a, features_b):
    features_a = np.asarray(features_a, dtype="float64")
    features_b = np.asarray(features_b, dtype="float64")
    mean_a, mean_b = features_a.mean(axis=0), features_b.mean(axis=0)
    cov_a = np.cov(features_a, rowvar=False)
    cov_b = np.cov(features_b, rowvar=False)
    with warnings.catch_warnings():
        # Features that are always 0 (dead ReLUs) make the product singular; its square root is still
        # well defined on the rest, and the finite check below catches a real failure.
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        root = linalg.sqrtm(cov_a @ cov_b)
    if not np.isfinite(root).all():
        # A nearly singular product: nudge both covariances, as the reference implementation does.
        offset = np.eye(len(cov_a)) * 1e-6
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", linalg.LinAlgWarning)
            root = linalg.sqrtm((cov_a + offset) @ (cov_b + offset))
    root = root.real  # round-off leaves a tiny imaginary part
    return float(np.sum((mean_a - mean_b) ** 2) + np.trace(cov_a + cov_b - 2 * root))
