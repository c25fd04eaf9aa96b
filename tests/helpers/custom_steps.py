"""Check the hand-written training steps on one backend; run as a script for the backends not in-process.

On a fixed batch, one step of the from-scratch loop and one `fit` step of the model whose train_step
is written by hand must change the weights exactly as one plain `fit` step does; and a model with
BatchNormalization must move its moving statistics in a training step and leave them in evaluation.
"""

import json
import sys

import numpy as np


def fixed_batch(size=64):
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, size=(size, 28, 28, 1)).astype("uint8"), rng.integers(0, 10, size=size)


def scratch_steps(model, learning_rate=1e-2):
    import keras

    from keraslab.training.scratch_loop import backend_steps

    optimizer = keras.optimizers.Adam(learning_rate)
    optimizer.build(model.trainable_variables)
    metrics = [keras.metrics.Mean(), keras.metrics.SparseCategoricalAccuracy()]
    return backend_steps().ScratchSteps(model, optimizer, keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                                        metrics[:2], [keras.metrics.Mean(), keras.metrics.SparseCategoricalAccuracy()])


def one_step_differences():
    """{way: largest weight difference to one fit step}, plus how far that fit step moved the weights."""
    import keras

    from keraslab.models.custom_step_model import CustomStepModel
    from keraslab.tasks.custom_training_loop import build_model

    keras.utils.set_random_seed(0)
    x, y = fixed_batch()
    models = {way: build_model((28, 28, 1), [32], 10, CustomStepModel if way == "train-step" else None)
              for way in ("fit", "train-step", "from-scratch")}
    start = models["fit"].get_weights()
    for way in ("fit", "train-step"):
        models[way].set_weights(start)
        models[way].compile(keras.optimizers.Adam(1e-2), keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        models[way].fit(x, y, batch_size=len(y), epochs=1, shuffle=False, verbose=0)
    models["from-scratch"].set_weights(start)
    steps = scratch_steps(models["from-scratch"])
    steps.train_batch(x, y)
    steps.sync()
    reference = models["fit"].get_weights()
    result = {way: _largest(models[way].get_weights(), reference) for way in ("train-step", "from-scratch")}
    result["fit_moved"] = _largest(reference, start)
    return result


def batch_norm_moves():
    """(moved by a training step of each kind, moved by an evaluation pass)."""
    import keras

    from keraslab.models.custom_step_model import CustomStepModel

    keras.utils.set_random_seed(0)
    x, y = fixed_batch()

    def model(model_class=keras.Model):
        inputs = keras.Input((28, 28, 1))
        hidden = keras.layers.BatchNormalization(name="norm")(keras.layers.Flatten()(keras.layers.Rescaling(1 / 255)(inputs)))
        return model_class(inputs, keras.layers.Dense(10)(hidden))

    def statistics(model):
        layer = model.get_layer("norm")
        return [np.array(keras.ops.convert_to_numpy(v)) for v in (layer.moving_mean, layer.moving_variance)]

    scratch = model()
    steps = scratch_steps(scratch)
    before = statistics(scratch)
    steps.test_batch(x, y)
    evaluation_moved = _largest(statistics(scratch), before)
    steps.train_batch(x, y)
    steps.sync()
    scratch_moved = _largest(statistics(scratch), before)

    custom = model(CustomStepModel)
    custom.compile(keras.optimizers.Adam(1e-2), keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    before = statistics(custom)
    custom.fit(x, y, batch_size=len(y), epochs=1, verbose=0)
    return {"from-scratch": scratch_moved, "train-step": _largest(statistics(custom), before),
            "evaluation": evaluation_moved}


def _largest(first, second):
    return max(float(np.max(np.abs(a - b))) for a, b in zip(first, second))


if __name__ == "__main__":
    print(json.dumps({"step": one_step_differences(), "batch_norm": batch_norm_moves()}))
    sys.stdout.flush()
