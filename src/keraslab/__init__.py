"""keraslab: a deep-learning curriculum as one tested tool on Keras 3.

    import keraslab
    result = keraslab.run("concrete-regression", epochs=50)
    result.metrics["test_mse"], result.model, result.run_dir
    keraslab.load_predictor(result.run_dir).predict(["mixes.csv"])
"""

from keraslab.api import load_run, run
from keraslab.errors import ConfigError, DataError, KeraslabError
from keraslab.inference import load_predictor

__all__ = ["run", "load_run", "load_predictor", "KeraslabError", "ConfigError", "DataError"]
__version__ = "0.1.0"
