"""A complete run -> one exported file, checked against Keras before it is put in place.

    keraslab export runs/mnist-cnn/<id> --format onnx

The model is exported into a temporary folder beside the destination, loaded back by its own runtime
(ONNX Runtime, the LiteRT interpreter, OpenVINO, TensorFlow), and run on the run's test inputs; only
when every output agrees with Keras within `tolerance` is it moved into place. A failed export or check
leaves nothing behind. Latency is measured side by side: Keras `predict`, a direct model call, and the
exported runtime, at batch 1 and 128.
"""

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from keraslab.export.formats import ExportError, check_supported
from keraslab.export.samples import as_list, sample_inputs
from keraslab.export.timing import batch_of, p50_milliseconds
from keraslab.training.run_dir import RunDirectory

TOLERANCE = 1e-4
BATCH_SIZES = (1, 128)


def complete_run(path, verb):
    """The RunDirectory of a complete run with a model, or one line saying what state it is in."""
    run_dir = RunDirectory.existing(path)
    run_dir.require_complete(verb)
    if not run_dir.model_path.is_file():
        raise ExportError(f"Run {run_dir.path} kept no model.keras; {verb} needs a run that saved its model.")
    return run_dir


def default_destination(run_dir, chosen):
    name = "saved_model" if not chosen.suffix else f"model{chosen.suffix}"
    return run_dir.path / "exports" / name


def export_run(path, format_name, output=None, num_samples=64, repeats=30, tolerance=TOLERANCE):
    """Export the run at `path` to `format_name`; a dict of what was written and measured."""
    from keraslab.api import load_run

    run_dir = complete_run(path, "export")
    saved = run_dir.read_config()
    backend = saved["backend"]
    chosen = check_supported(format_name, backend)
    destination = Path(output) if output else default_destination(run_dir, chosen)
    if chosen.suffix and destination.suffix != chosen.suffix:
        raise ExportError(f"Output '{destination}' for format '{format_name}' must end in {chosen.suffix}.")
    model = load_run(run_dir.path).model
    x, _, source = sample_inputs(saved["config"], model, num_samples)
    reference = [np.asarray(o) for o in as_list(model.predict(x, verbose=0))]
    # `predict` does not mark a loaded model as called on JAX, and the exporters refuse one that never was.
    model(x[:1] if not isinstance(x, list) else [part[:1] for part in x], training=False)

    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".export-") as folder:
        target = Path(folder) / destination.name
        exported = _export(model, target, chosen, backend, run_dir)
        try:
            outputs = exported(as_list(x))
        except Exception as error:  # the runtime rejects what the converter wrote
            raise ExportError(f"Keras exported run {run_dir.path} ({backend} backend) to {format_name}, but the "
                              f"runtime cannot run the file, so it was not written: {type(error).__name__}: "
                              f"{_first_line(error)}") from error
        difference = max(float(np.max(np.abs(np.asarray(o, dtype="float64") - r))) for o, r in zip(outputs, reference))
        if not difference <= tolerance:
            raise ExportError(f"The {format_name} file differs from Keras by {difference:.3g} on {source} (more than "
                              f"{tolerance:g}), so it was not written. Try another format.")
        latency = measure_latency(model, exported, x, repeats) if repeats else {}
        size = size_on_disk(Path(folder))
        for item in sorted(Path(folder).iterdir()):  # .xml and .bin for OpenVINO; one file or folder otherwise
            _replace(item, destination.parent / item.name)
    return {"run": str(run_dir.path), "format": format_name, "backend": backend, "path": str(destination),
            "size_bytes": size, "max_abs_difference": difference, "checked_on": source,
            "tolerance": tolerance, "latency_ms": latency}


def _export(model, target, chosen, backend, run_dir):
    from keraslab.export.runtimes import load_exported

    try:
        model.export(str(target), format=chosen.keras_format, verbose=False)
        return load_exported(chosen.name, target)
    except Exception as error:  # each converter raises its own types; every one becomes a one-line refusal
        raise ExportError(f"Keras could not export run {run_dir.path} ({backend} backend) to {chosen.name}: "
                          f"{type(error).__name__}: {_first_line(error)}") from error


def _first_line(error):
    return (str(error).strip().splitlines() or [""])[0][:300]


def measure_latency(model, exported, x, repeats):
    """p50 milliseconds per call at each batch size: Keras predict, a direct model call, the exported file."""
    from keras import ops

    table = {}
    for batch_size in BATCH_SIZES:
        batch = [batch_of(part, batch_size) for part in as_list(x)]
        keras_input = batch[0] if len(batch) == 1 else batch
        table[f"batch_{batch_size}"] = {
            "keras_predict": p50_milliseconds(lambda x=keras_input: model.predict(x, verbose=0), repeats),
            "keras_call": p50_milliseconds(
                lambda x=keras_input: [ops.convert_to_numpy(o) for o in as_list(model(x, training=False))],
                repeats),
            "exported": p50_milliseconds(lambda x=batch: exported(x), repeats),
        }
    return table


def size_on_disk(path):
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _replace(source, destination):
    if destination.is_dir():
        shutil.rmtree(destination)
    os.replace(source, destination)
