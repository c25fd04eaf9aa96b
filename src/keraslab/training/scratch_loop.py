"""A training loop that never calls `fit`, in the shape of the keras-io guides "Writing a training loop
from scratch": for each epoch, for each batch, one step; metrics updated by hand and read and reset at
the epoch's end; callbacks called by hand; a validation pass.

The step itself is the backend's own (keraslab/training/custom_step_<backend>.py: TensorFlow
GradientTape, JAX `stateless_call` + `optimizer.stateless_apply`, PyTorch autograd). What the guides
leave out and a run needs is added through the run context: the history (`log_epoch`), a checkpoint
after every epoch (`save_loop_state`: weights, optimizer slots, random generators) and resuming from it
(`load_loop_state`), and the best epoch's weights by the monitored loss, put back at the end as
`context.fit` puts them back. The data order is a function of (seed, epoch), as in `context.fit`, so this loop
sees exactly the batches `fit` would.
"""

import importlib
import math
import time

import numpy as np

from keraslab.training.loop import carried_state


def train_from_scratch(context, model, optimizer, loss_fn, x, y, validation=None, epochs=1, batch_size=32, seed=0,
                       callbacks=()):
    """Train `model` in place in the current phase and leave it with its best epoch's weights (by val_loss, or
    loss without validation); returns {"samples_per_second", "train_seconds", "best_epoch"}."""
    import keras

    from keraslab.training.precision import float32_outputs, loss_scaled

    if not model.built:
        model(x[:1], training=False)
    float32_outputs(model)
    optimizer = loss_scaled(optimizer, model)  # mixed_float16: what compile would have done
    optimizer.build(model.trainable_variables)
    train_metrics = (keras.metrics.Mean(name="loss"), keras.metrics.SparseCategoricalAccuracy(name="accuracy"))
    val_metrics = (keras.metrics.Mean(name="val_loss"), keras.metrics.SparseCategoricalAccuracy(name="val_accuracy"))
    steps = backend_steps().ScratchSteps(model, optimizer, loss_fn, train_metrics, val_metrics)

    monitor = "val_loss" if validation is not None else "loss"
    first_epoch, epoch_seconds, stopped, best, best_epoch, best_weights = 0, [], False, None, None, None
    restored = context.load_loop_state()
    if restored is not None:
        first_epoch, arrays, values = restored
        _assign(model.variables, arrays, "model")
        _assign(optimizer.variables, arrays, "optimizer")
        epoch_seconds, stopped, best, best_epoch = (values[k] for k in ("epoch_seconds", "stopped", "best", "best_epoch"))
        best_weights = {name: value for name, value in arrays.items() if name.startswith("best_")}

    count = len(y)
    steps_per_epoch = math.ceil(count / batch_size)
    # Keras's callbacks forget their counters (EarlyStopping's wait and best) in on_train_begin; `carried` puts
    # back the ones saved in the checkpoint and reads them again after every epoch, as for context.fit.
    carried = carried_state(list(callbacks), restored[2]["callbacks"] if restored else {}, lambda model: None)
    callback_list = keras.callbacks.CallbackList([*callbacks, carried], add_progbar=context.verbose > 0, model=model,
                                                 verbose=context.verbose, epochs=epochs, steps=steps_per_epoch)
    model.stop_training = False
    callback_list.on_train_begin()
    for epoch in range(first_epoch, epochs if not stopped else first_epoch):
        callback_list.on_epoch_begin(epoch)
        started = time.perf_counter()
        order = np.random.default_rng([seed, epoch]).permutation(count)
        x_epoch, y_epoch = x[order], y[order]
        for step in range(steps_per_epoch):
            batch = slice(step * batch_size, (step + 1) * batch_size)
            callback_list.on_train_batch_begin(step)
            loss = steps.train_batch(x_epoch[batch], y_epoch[batch])
            callback_list.on_train_batch_end(step, {"loss": loss})
            if model.stop_training:
                break
        steps.sync()
        logs = {metric.name: float(metric.result()) for metric in train_metrics}
        logs["learning_rate"] = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
        if validation is not None:
            for begin in range(0, len(validation[1]), 256):
                steps.test_batch(validation[0][begin:begin + 256], validation[1][begin:begin + 256])
            logs.update({metric.name: float(metric.result()) for metric in val_metrics})
        # Timed as context.fit times its fit call: the epoch's steps and the validation pass.
        epoch_seconds.append(time.perf_counter() - started)
        for metric in train_metrics + val_metrics:
            metric.reset_state()
        callback_list.on_epoch_end(epoch, logs)
        context.log_epoch(**logs)
        arrays = {**_named(model.variables, "model"), **_named(optimizer.variables, "optimizer")}
        if best is None or logs[monitor] < best:
            best, best_epoch = logs[monitor], epoch + 1
            best_weights = _named(model.variables, "best")
        context.save_loop_state(epoch + 1, {**arrays, **best_weights}, epoch_seconds=epoch_seconds,
                                stopped=bool(model.stop_training), best=best, best_epoch=best_epoch,
                                callbacks=carried.saved)
        if model.stop_training:
            break
    callback_list.on_train_end()
    if best_weights:
        _assign(model.variables, best_weights, "best")
    steady = epoch_seconds[1:] or epoch_seconds
    return {"samples_per_second": count * len(steady) / max(sum(steady), 1e-9), "train_seconds": sum(epoch_seconds),
            "best_epoch": best_epoch}


def backend_steps():
    """The module holding this backend's hand-written steps."""
    import keras

    return importlib.import_module(f"keraslab.training.custom_step_{keras.backend.backend()}")


def _named(variables, prefix):
    import keras

    return {f"{prefix}_{index}": keras.ops.convert_to_numpy(variable.value) for index, variable in enumerate(variables)}


def _assign(variables, arrays, prefix):
    for index, variable in enumerate(variables):
        variable.assign(arrays[f"{prefix}_{index}"])
