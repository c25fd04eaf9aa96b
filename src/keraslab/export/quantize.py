"""Post-training quantisation of a complete run with Keras's own `model.quantize`.

    keraslab quantize runs/mnist-cnn/<id> --mode int8

Keras 3 quantises Dense, EinsumDense and Embedding layers only (Conv2D is skipped with a warning), so
for a CNN only the dense head changes: the report lists which layers were quantised and which layers
with weights were left in float32. int8 and int4 store integer kernels with per-channel scales; float8
keeps float32 kernels plus scaling factors (it is Keras's fp8 *training* mode), so it saves no space.
The quantised model is saved without optimizer state, and compared with the float model saved the
same way: test metrics, size on disk, and p50 latency of a direct call and `predict` at batch 1 and 128.
"""

import os
import tempfile
import warnings
from pathlib import Path

from keraslab.export.exporter import BATCH_SIZES, complete_run, size_on_disk
from keraslab.export.formats import ExportError
from keraslab.export.samples import as_list, load_test_split
from keraslab.export.timing import batch_of, p50_milliseconds

MODES = ("int8", "int4", "float8")


def quantized_layers(model):
    """Names of the layers `model.quantize` changed, and of the layers with weights it left alone."""
    changed, kept = [], []
    for layer in model._flatten_layers(include_self=False):  # the walk model.quantize itself makes
        if list(layer._flatten_layers(include_self=False)):
            continue  # containers: their inner layers are listed
        if getattr(layer, "quantization_mode", None):
            changed.append(layer.name)
        elif layer.weights:
            kept.append(layer.name)
    return changed, kept


def quantize_model(model, mode):
    """Quantise `model` in place; ExportError when no layer could be quantised."""
    if mode not in MODES:
        raise ExportError(f"Unknown quantisation mode '{mode}'. Choose one of: {', '.join(MODES)}.")
    with warnings.catch_warnings():
        # "Layer Conv2D does not have a `quantize` method": the report lists what was skipped.
        warnings.filterwarnings("ignore", message=".*does not have a `quantize` method.*")
        model.quantize(mode)
    changed, kept = quantized_layers(model)
    if not changed:
        raise ExportError(f"Model '{model.name}' has no layer Keras can quantise ({mode} covers Dense, EinsumDense "
                          f"and Embedding); layers with weights: {', '.join(kept) or 'none'}.")
    return changed, kept


def quantize_run(path, mode="int8", output=None, repeats=30, max_test=0):
    """Quantise the run's model; a dict of the quantised file and the float-versus-quantised comparison."""
    from keraslab.api import load_run
    from keraslab.registration import load_model

    run_dir = complete_run(path, "quantize")
    saved = run_dir.read_config()
    destination = Path(output) if output else run_dir.path / "exports" / f"model-{mode}.keras"
    if destination.suffix != ".keras":
        raise ExportError(f"Output '{destination}' must end in .keras (the quantised model is a Keras model).")
    float_model = load_run(run_dir.path).model
    quantized = load_model(run_dir.model_path, compile=False)
    changed, kept = quantize_model(quantized, mode)

    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".quantize-") as folder:
        plain = load_model(run_dir.model_path, compile=False)  # the float model as deployed: no optimizer
        plain.save(Path(folder) / "float.keras")
        quantized.save(Path(folder) / destination.name)
        sizes = {"float32": size_on_disk(Path(folder) / "float.keras"),
                 mode: size_on_disk(Path(folder) / destination.name)}
        report = {"run": str(run_dir.path), "mode": mode, "backend": saved["backend"], "path": str(destination),
                  "quantized_layers": changed, "float_layers": kept, "size_bytes": sizes}
        split = load_test_split(saved["config"])
        if split is not None and float_model.compiled:
            x, y = split
            if max_test:
                x, y = x[:max_test], y[:max_test]
            quantized.compile_from_config(float_model.get_compile_config())  # the run's loss and metrics
            report["test_metrics"] = {"float32": _evaluate(float_model, x, y), mode: _evaluate(quantized, x, y)}
            report["test_rows"] = len(y)
            if repeats:
                report["latency_ms"] = {"float32": latency(float_model, x, repeats),
                                        mode: latency(quantized, x, repeats)}
        os.replace(Path(folder) / destination.name, destination)
    return report


def _evaluate(model, x, y):
    results = model.evaluate(x, y, batch_size=256, verbose=0, return_dict=True)
    return {name: float(value) for name, value in results.items()}


def latency(model, x, repeats):
    """p50 milliseconds of a direct call and of `predict`, at each batch size."""
    from keras import ops

    table = {}
    for batch_size in BATCH_SIZES:
        batch = batch_of(x, batch_size)
        table[f"batch_{batch_size}"] = {
            "keras_call": p50_milliseconds(
                lambda x=batch: [ops.convert_to_numpy(o) for o in as_list(model(x, training=False))], repeats),
            "keras_predict": p50_milliseconds(lambda x=batch: model.predict(x, verbose=0), repeats),
        }
    return table
