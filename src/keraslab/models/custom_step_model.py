"""A functional model whose `train_step` is written by hand, once per backend.

`fit` still owns the loop, the callbacks and the progress bar; only the step is ours (TensorFlow
GradientTape, JAX `stateless_call` + `optimizer.stateless_apply`, PyTorch autograd, in
keraslab/training/custom_step_<backend>.py). Every backend's step takes its loss from the model's
own `compute_loss`, so a loss given to `compile` (and any regularisation loss) is used as `fit`
would use it.
"""

import importlib

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keraslab")
class CustomStepModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._step = importlib.import_module(f"keraslab.training.custom_step_{keras.backend.backend()}")

    def train_step(self, *args):
        # Keras calls train_step(data) on TensorFlow and PyTorch, train_step(state, data) on JAX.
        return self._step.train_step(self, *args)

    def update_step_metrics(self, x, y, y_pred, loss):
        """The keras-io guides' update: the metric named loss takes the loss (weighted by the batch's size,
        as Keras's own step weights it), every other metric takes (y, y_pred)."""
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss, sample_weight=ops.shape(y)[0])
            else:
                metric.update_state(y, y_pred)
        return self.get_metrics_result()
