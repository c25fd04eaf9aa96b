"""Custom training on JAX: a `train_step` override and a from-scratch step, both pure jitted functions.

Shaped like the keras-io guides "Customizing what happens in fit() with JAX" and "Writing a training
loop from scratch in JAX": every value a step touches (weights, BatchNorm statistics, optimizer slots,
metric totals) goes in and comes out, through `stateless_call(..., training=True)` and
`optimizer.stateless_apply`.
"""

import jax
import keras


def train_step(model, state, data):
    """`keras.Model.train_step` for `fit` (Keras jits it): the loss through `stateless_compute_loss`."""
    trainable, non_trainable, optimizer_values, metric_values = state
    x, y, _ = keras.utils.unpack_x_y_sample_weight(data)

    def loss_and_updates(trainable, non_trainable, metric_values):
        y_pred, non_trainable = model.stateless_call(trainable, non_trainable, x, training=True)
        loss, (_, non_trainable, metric_values) = model.stateless_compute_loss(
            trainable, non_trainable, metric_values, x=x, y=y, y_pred=y_pred, training=True)
        return scale_loss(model.optimizer, optimizer_values, loss), (loss, y_pred, non_trainable, metric_values)

    (_, (loss, y_pred, non_trainable, metric_values)), gradients = jax.value_and_grad(loss_and_updates, has_aux=True)(
        trainable, non_trainable, metric_values)
    trainable, optimizer_values = model.optimizer.stateless_apply(optimizer_values, gradients, trainable)
    # The same metric updates as the other backends, run against the values handed in rather than the variables.
    mapping = list(zip(model.metrics_variables, metric_values))
    with keras.StatelessScope(state_mapping=mapping) as scope:
        logs = model.update_step_metrics(x, y, y_pred, loss)
    metric_values = [_current(scope, variable, value) for variable, value in mapping]
    return logs, (trainable, non_trainable, optimizer_values, metric_values)


class ScratchSteps:
    """One training and one evaluation step of a loop that never calls `fit`; metrics updated by hand.

    Between `sync` calls the state lives in `self.state`, not in the Keras variables; `sync` writes it
    back (before a checkpoint, a callback that reads weights, or evaluation on the model)."""

    def __init__(self, model, optimizer, loss_fn, train_metrics, val_metrics):
        self.model = model
        self.optimizer = optimizer
        self.loss_fn = loss_fn
        self.loss_metric, self.train_metric = train_metrics
        self.val_loss_metric, self.val_metric = val_metrics
        self.state = None
        self._train = jax.jit(self._train_step, donate_argnums=0)  # as fit does: the old state is not kept
        self._test = jax.jit(self._test_step)

    def _variables(self):
        return (self.model.trainable_variables, self.model.non_trainable_variables, self.optimizer.variables,
                self.loss_metric.variables + self.train_metric.variables)

    def _train_step(self, state, x, y):
        trainable, non_trainable, optimizer_values, metric_values = state

        def loss_and_updates(trainable):
            logits, updated = self.model.stateless_call(trainable, non_trainable, x, training=True)
            loss = self.loss_fn(y, logits)
            return scale_loss(self.optimizer, optimizer_values, loss), (loss, logits, updated)

        (_, (loss, logits, non_trainable)), gradients = jax.value_and_grad(loss_and_updates, has_aux=True)(trainable)
        trainable, optimizer_values = self.optimizer.stateless_apply(optimizer_values, gradients, trainable)
        count = len(self.loss_metric.variables)
        metric_values = (self.loss_metric.stateless_update_state(metric_values[:count], loss, sample_weight=x.shape[0])
                         + self.train_metric.stateless_update_state(metric_values[count:], y, logits))
        return loss, (trainable, non_trainable, optimizer_values, metric_values)

    def _test_step(self, trainable, non_trainable, metric_values, x, y):
        logits, _ = self.model.stateless_call(trainable, non_trainable, x, training=False)
        count = len(self.val_loss_metric.variables)
        return (self.val_loss_metric.stateless_update_state(metric_values[:count], self.loss_fn(y, logits),
                                                            sample_weight=x.shape[0])
                + self.val_metric.stateless_update_state(metric_values[count:], y, logits))

    def train_batch(self, x, y):
        if self.state is None:
            self.state = tuple([v.value for v in group] for group in self._variables())
        loss, self.state = self._train(self.state, x, y)
        return loss

    def test_batch(self, x, y):
        self.sync()
        variables = self.val_loss_metric.variables + self.val_metric.variables
        values = self._test([v.value for v in self.model.trainable_variables],
                            [v.value for v in self.model.non_trainable_variables], [v.value for v in variables], x, y)
        for variable, value in zip(variables, values):
            variable.assign(value)

    def sync(self):
        """Write the state the jitted steps carried back into the Keras variables."""
        if self.state is None:
            return
        for group, values in zip(self._variables(), self.state):
            for variable, value in zip(group, values):
                variable.assign(value)
        self.state = None


def scale_loss(optimizer, optimizer_values, loss):
    """`optimizer.scale_loss(loss)` with the loss scale read from the values handed in (a LossScaleOptimizer
    keeps it in a variable, which a jitted step must not read as a constant); Keras's JAX trainer does the same."""
    with keras.StatelessScope(state_mapping=list(zip(optimizer.variables, optimizer_values))):
        return optimizer.scale_loss(loss)


def _current(scope, variable, value):
    updated = scope.get_current_value(variable)
    return value if updated is None else updated
