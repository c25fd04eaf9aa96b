"""Custom training on PyTorch: a `train_step` override and a from-scratch step, both with autograd.

Shaped like the keras-io guides "Customizing what happens in fit() with PyTorch" and "Writing a
training loop from scratch in PyTorch".
"""

import keras
import torch


def train_step(model, data):
    """`keras.Model.train_step` for `fit`: the loss through the model's own `compute_loss`."""
    x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
    model.zero_grad()  # torch accumulates gradients; the previous step's must go
    y_pred = model(x, training=True)
    loss = model.compute_loss(x=x, y=y, y_pred=y_pred, training=True)
    # Keras's own step does the same: a LossScaleOptimizer (mixed_float16) scales, a plain one does nothing.
    model.optimizer.scale_loss(loss).backward()
    weights = model.trainable_variables
    with torch.no_grad():
        model.optimizer.apply([w.value.grad for w in weights], weights)
    return model.update_step_metrics(x, y, y_pred, loss.detach())


class ScratchSteps:
    """One training and one evaluation step of a loop that never calls `fit`; metrics updated by hand."""

    def __init__(self, model, optimizer, loss_fn, train_metrics, val_metrics):
        self.model = model
        self.optimizer = optimizer
        self.loss_fn = loss_fn
        self.loss_metric, self.train_metric = train_metrics
        self.val_loss_metric, self.val_metric = val_metrics

    def train_batch(self, x, y):
        x, y = keras.ops.convert_to_tensor(x), keras.ops.convert_to_tensor(y)
        logits = self.model(x, training=True)
        loss = self.loss_fn(y, logits)
        self.model.zero_grad()
        self.optimizer.scale_loss(loss).backward()  # mixed_float16: the LossScaleOptimizer's scale
        weights = self.model.trainable_variables
        with torch.no_grad():
            self.optimizer.apply([w.value.grad for w in weights], weights)
            self.loss_metric.update_state(loss, sample_weight=x.shape[0])
            self.train_metric.update_state(y, logits)
        return loss.detach()

    def test_batch(self, x, y):
        x, y = keras.ops.convert_to_tensor(x), keras.ops.convert_to_tensor(y)
        with torch.no_grad():
            logits = self.model(x, training=False)
            self.val_loss_metric.update_state(self.loss_fn(y, logits), sample_weight=x.shape[0])
            self.val_metric.update_state(y, logits)

    def sync(self):
        """Every value lives in the model's and the optimizer's variables already."""
