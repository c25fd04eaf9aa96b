"""The export formats, what each needs on each Keras backend, and the refusals when it is missing.

Keras 3.15's `model.export` writes all four formats, but not on every backend, and each needs its own
package: the converter (tf2onnx, jax2onnx, litert-torch, openvino) and, to check the file, a runtime
(onnxruntime, ai-edge-litert). Refusing before exporting means no half-written file and a message that
says which `pip install` fixes it.
"""

import importlib.util
from dataclasses import dataclass, field

from keraslab.errors import KeraslabError, did_you_mean


class ExportError(KeraslabError):
    """A format the backend cannot produce, a missing package, an unfinished run, a failed check."""


@dataclass(frozen=True)
class Format:
    name: str
    keras_format: str        # the name model.export takes
    suffix: str              # file suffix; "" for a folder (SavedModel)
    # backend -> the modules the converter needs there (absent backend: Keras cannot write this format)
    converters: dict = field(default_factory=dict)
    runtime: tuple = ()      # modules needed to load the file back and check it


FORMATS = {
    "saved_model": Format("saved_model", "tf_saved_model", "",
                          {"tensorflow": ("tensorflow",), "jax": ("tensorflow",), "torch": ("tensorflow",)},
                          runtime=("tensorflow",)),
    "onnx": Format("onnx", "onnx", ".onnx",
                   {"tensorflow": ("tf2onnx", "onnx"), "jax": ("jax2onnx", "onnx"), "torch": ("onnx",)},
                   runtime=("onnxruntime",)),
    # Keras refuses LiteRT on JAX; on PyTorch it needs litert-torch (not in keraslab[export]: it
    # downgrades typing_extensions and pydantic in the pinned environment).
    "litert": Format("litert", "litert", ".tflite",
                     {"tensorflow": ("tensorflow",), "torch": ("litert_torch",)}),
    "openvino": Format("openvino", "openvino", ".xml",
                       {"tensorflow": ("openvino",), "jax": ("openvino",), "torch": ("openvino",)},
                       runtime=("openvino",)),
}

# The pip name of each module, for the refusal message, and the keraslab extra that brings it.
PIP_NAMES = {"tf2onnx": "tf2onnx", "onnx": "onnx", "jax2onnx": "jax2onnx", "onnxruntime": "onnxruntime",
             "litert_torch": "litert-torch", "openvino": "openvino", "tensorflow": "tensorflow"}
EXTRAS = {"tf2onnx": "export", "onnx": "export", "onnxruntime": "export", "openvino": "export",
          "jax2onnx": "export-jax", "tensorflow": "tensorflow"}


def get_format(name):
    if name not in FORMATS:
        raise ExportError(f"Unknown export format '{name}'." + (did_you_mean(name, FORMATS) or
                          f" Choose one of: {', '.join(FORMATS)}."))
    return FORMATS[name]


def check_supported(name, backend):
    """The Format, or an ExportError naming what the backend lacks and how to get it."""
    chosen = get_format(name)
    if backend not in chosen.converters:
        able = [b for b in chosen.converters]
        raise ExportError(f"Keras cannot export format '{name}' from a model on the {backend} backend "
                          f"(it can on: {', '.join(able)}). Retrain the run with --backend {able[0]}, "
                          f"or choose another format: {', '.join(supported_formats(backend))}.")
    missing = [m for m in chosen.converters[backend] + chosen.runtime if importlib.util.find_spec(m) is None]
    if missing:
        packages = " ".join(dict.fromkeys(PIP_NAMES.get(m, m) for m in missing))
        extras = {EXTRAS.get(m) for m in missing}
        extra = f" (or pip install 'keraslab[{extras.pop()}]')" if len(extras) == 1 and None not in extras else ""
        raise ExportError(f"Exporting to '{name}' on the {backend} backend needs {', '.join(missing)}, "
                          f"which is not installed. Install it: pip install {packages}{extra}.")
    return chosen


def supported_formats(backend):
    return [name for name, chosen in FORMATS.items() if backend in chosen.converters]
