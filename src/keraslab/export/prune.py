"""Prune a complete run's model: fine-tune it under MagnitudePruning, then compare with the float model.

    keraslab prune runs/mnist-dense/<id> --sparsity 0.9 --epochs 2

The task must be able to reload its splits (`load_splits(config)` in its module: image classification,
distillation), since pruning is training. Sparsity rises on the polynomial schedule over the first two
thirds of the fine-tuning steps and holds for the last third, so the network recovers at full sparsity.
`--sparsity 0` fine-tunes the same number of epochs without pruning: the fair baseline for the rest.
"""

import importlib
import math
import os
import tempfile
from pathlib import Path

from keraslab.export.exporter import complete_run
from keraslab.export.formats import ExportError
from keraslab.export.pruning import check_sparsity


def prune_run(path, sparsity, epochs=2, output=None, batch_size=None, frequency=100):
    from keraslab.api import load_run
    from keraslab.config.schemas import schema_for

    check_sparsity(sparsity)
    run_dir = complete_run(path, "prune")
    config = run_dir.read_config()["config"]
    module = importlib.import_module(schema_for(config["task"]).module)
    if not hasattr(module, "load_splits"):
        raise ExportError(f"Run {run_dir.path} is a '{config['task']}' run, whose training data keraslab cannot "
                          "reload; prune an image-classifier or distillation run.")
    destination = Path(output) if output else run_dir.path / "exports" / f"model-pruned-{round(sparsity * 100)}.keras"
    if destination.suffix != ".keras":
        raise ExportError(f"Output '{destination}' must end in .keras (the pruned model is a Keras model).")
    model = load_run(run_dir.path).model  # activates the run's backend: Keras is imported only after it
    import keras

    from keraslab.export.pruning import MagnitudePruning, gzip_size, sparsity_of
    from keraslab.registration import load_model

    if not model.compiled:
        raise ExportError(f"The model of run {run_dir.path} was saved without a loss; it cannot be fine-tuned.")
    (x_train, y_train), validation, (x_test, y_test) = module.load_splits(config)[:3]
    before = _evaluate(model, x_test, y_test)

    batch_size = batch_size or config["batch_size"]
    total_steps = epochs * math.ceil(len(y_train) / batch_size)
    end_step = max(1, (2 * total_steps) // 3)
    keras.utils.set_random_seed(config["seed"])
    pruning = MagnitudePruning(sparsity, end_step=end_step, frequency=max(1, min(frequency, end_step // 10)))
    model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_data=validation,
              callbacks=[pruning], verbose=0)
    after = _evaluate(model, x_test, y_test)
    per_kernel, overall = sparsity_of(model)

    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".prune-") as folder:
        folder = Path(folder)
        model.save(folder / "trained.keras")
        # Both files as deployed: no optimizer state, which pruning leaves dense.
        load_model(run_dir.model_path, compile=False).save(folder / "float.keras")
        load_model(folder / "trained.keras", compile=False).save(folder / destination.name)
        sizes = {name: {"bytes": (folder / file).stat().st_size, "gzip_bytes": gzip_size(folder / file)}
                 for name, file in (("original", "float.keras"), ("pruned", destination.name))}
        os.replace(folder / destination.name, destination)
    return {"run": str(run_dir.path), "path": str(destination), "target_sparsity": sparsity,
            "sparsity": overall, "kernel_sparsity": per_kernel, "fine_tune_epochs": epochs,
            "test_metrics": {"original": before, "pruned": after}, "size": sizes}


def _evaluate(model, x, y):
    results = model.evaluate(x, y, batch_size=256, verbose=0, return_dict=True)
    return {name: float(value) for name, value in results.items()}
