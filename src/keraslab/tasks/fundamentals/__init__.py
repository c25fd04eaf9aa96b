"""The fundamentals lessons as tasks: each runs a NumPy lesson from keraslab.fundamentals, explains
its numbers and draws its pictures into the run directory. No Keras model is built here.
"""

from contextlib import contextmanager

import numpy as np

from keraslab.data.load import load_image_data
from keraslab.tasks.splitting import limit


def image_vectors(config):
    """(x_train, y_train, x_test, y_test, class_names): images as rows of floats in [0, 1]."""
    data = load_image_data(config["data"], seed=config["seed"], test_split=config["test_split"])
    keep = limit(np.arange(len(data.y_train)), config["max_samples"], config["seed"])
    test_keep = limit(np.arange(len(data.y_test)), config["max_samples"], config["seed"])
    return (_rows(data.x_train[keep]), data.y_train[keep], _rows(data.x_test[test_keep]), data.y_test[test_keep],
            data.class_names)


def _rows(images):
    return images.reshape(len(images), -1).astype("float32") / 255.0


@contextmanager
def blas_threads(count):
    """Limit NumPy's BLAS to `count` threads inside the block (0: leave the library's default)."""
    if not count:
        yield
        return
    # threadpoolctl comes with scikit-learn, a keraslab dependency.
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=count, user_api="blas"):
        yield
