"""Custom training on TensorFlow: a `train_step` override and a from-scratch step, both with GradientTape.

Shaped like the keras-io guides "Customizing what happens in fit() with TensorFlow" and "Writing a
training loop from scratch in TensorFlow".
"""

import keras
import tensorflow as tf


def train_step(model, data):
    """`keras.Model.train_step` for `fit`: the loss through the model's own `compute_loss`."""
    x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
    with tf.GradientTape() as tape:
        y_pred = model(x, training=True)
        loss = model.compute_loss(x=x, y=y, y_pred=y_pred, training=True)
        # Keras's own step does the same: a LossScaleOptimizer (mixed_float16) scales, a plain one does nothing.
        scaled = model.optimizer.scale_loss(loss)
    weights = model.trainable_variables
    model.optimizer.apply(tape.gradient(scaled, weights), weights)
    return model.update_step_metrics(x, y, y_pred, loss)


class ScratchSteps:
    """One training and one evaluation step of a loop that never calls `fit`; metrics updated by hand."""

    def __init__(self, model, optimizer, loss_fn, train_metrics, val_metrics):
        self.model = model
        self.optimizer = optimizer
        self.loss_fn = loss_fn
        self.loss_metric, self.train_metric = train_metrics
        self.val_loss_metric, self.val_metric = val_metrics
        # A graph per input signature, as fit compiles its own step; eager steps are several times slower.
        self._train = tf.function(self._train_step)
        self._test = tf.function(self._test_step)

    def _train_step(self, x, y):
        with tf.GradientTape() as tape:
            logits = self.model(x, training=True)
            loss = self.loss_fn(y, logits)
            scaled = self.optimizer.scale_loss(loss)  # mixed_float16: the LossScaleOptimizer's scale
        weights = self.model.trainable_variables
        self.optimizer.apply(tape.gradient(scaled, weights), weights)
        self.loss_metric.update_state(loss, sample_weight=tf.shape(x)[0])
        self.train_metric.update_state(y, logits)
        return loss

    def _test_step(self, x, y):
        logits = self.model(x, training=False)
        self.val_loss_metric.update_state(self.loss_fn(y, logits), sample_weight=tf.shape(x)[0])
        self.val_metric.update_state(y, logits)

    def train_batch(self, x, y):
        return self._train(tf.convert_to_tensor(x), tf.convert_to_tensor(y))

    def test_batch(self, x, y):
        self._test(tf.convert_to_tensor(x), tf.convert_to_tensor(y))

    def sync(self):
        """Every value lives in the model's and the optimizer's variables already."""
