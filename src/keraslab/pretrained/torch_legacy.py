"""Read a PyTorch state dict saved in the legacy (pre-1.6, non-zip) format, without torch and without trust.

`torch.load` unpickles whatever the file names, so a `.pth` can run any code. This reader unpickles
with an allow-list: `collections.OrderedDict`, `torch._utils._rebuild_tensor_v2` and torch's typed
storage classes, each replaced by a harmless stand-in. Any other global stops the read.

The legacy layout is five pickles and then raw bytes:

    magic number | protocol version | system info | the object | storage keys
    then, per storage key in that order: int64 element count, then count * element size bytes
"""

import collections
import io
import pickle
import struct

import numpy as np

from keraslab.errors import DataError

MAGIC_NUMBER = 0x1950A86A20F9469CFC6C
PROTOCOL_VERSION = 1001

# torch's typed storages -> the NumPy dtype of their elements (little-endian, as the file says).
STORAGE_DTYPES = {
    "FloatStorage": "<f4", "DoubleStorage": "<f8", "HalfStorage": "<f2",
    "LongStorage": "<i8", "IntStorage": "<i4", "ShortStorage": "<i2",
    "CharStorage": "i1", "ByteStorage": "u1", "BoolStorage": "?",
}


class _Storage:
    """Stands in for a torch storage: which bytes, filled in after the object pickle is read."""

    def __init__(self, dtype, key, numel):
        self.dtype, self.key, self.numel = np.dtype(dtype), key, numel
        self.array = None


class _Tensor:
    """Stands in for a tensor until its storage's bytes have been read."""

    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)

    def to_numpy(self):
        data = self.storage.array
        if not self.size:
            return data[self.offset].copy()
        last = self.offset + sum((n - 1) * s for n, s in zip(self.size, self.stride))
        if min(self.stride) < 0 or last >= len(data):
            raise ValueError(f"a tensor of size {self.size} reaches past its storage of {len(data)} elements")
        itemsize = data.dtype.itemsize
        view = np.lib.stride_tricks.as_strided(data[self.offset:], shape=self.size,
                                               strides=[s * itemsize for s in self.stride], writeable=False)
        return np.array(view)


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False, backward_hooks=None,
                       metadata=None):
    if not isinstance(storage, _Storage):
        raise pickle.UnpicklingError("_rebuild_tensor_v2 called without a storage")
    return _Tensor(storage, int(storage_offset), size, stride)


class _StorageType:
    def __init__(self, name):
        self.name = name


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that knows three kinds of global and refuses every other one."""

    def __init__(self, file, allow_tensors=True):
        super().__init__(file)
        self.allow_tensors = allow_tensors
        self.storages = {}

    def find_class(self, module, name):
        if self.allow_tensors:
            if (module, name) == ("collections", "OrderedDict"):
                return collections.OrderedDict
            if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
                return _rebuild_tensor_v2
            if module == "torch" and name in STORAGE_DTYPES:
                return _StorageType(name)
        raise pickle.UnpicklingError(f"global '{module}.{name}' is not allowed")

    def persistent_load(self, saved_id):
        if not (isinstance(saved_id, tuple) and len(saved_id) == 6 and saved_id[0] in ("storage", b"storage")):
            raise pickle.UnpicklingError(f"persistent id {str(saved_id)[:60]} is not a storage")
        _, storage_type, key, _location, numel, view = saved_id
        if not isinstance(storage_type, _StorageType):
            raise pickle.UnpicklingError("storage without an allowed storage type")
        if view is not None:
            raise pickle.UnpicklingError("storage views are not supported")
        key = key.decode("ascii") if isinstance(key, bytes) else str(key)
        if key not in self.storages:
            self.storages[key] = _Storage(STORAGE_DTYPES[storage_type.name], key, int(numel))
        return self.storages[key]


def read_state_dict(path):
    """{name: numpy array} from a legacy `.pth` state dict. DataError when the file is foreign or broken."""
    try:
        with open(path, "rb") as file:
            return _read(file)
    except (pickle.UnpicklingError, ValueError, EOFError, struct.error, TypeError, AttributeError,
            KeyError, IndexError) as error:
        raise DataError(f"Weights file {path} was refused: {error}. Only a PyTorch state dict of plain "
                        "tensors is read; reinstall the package that ships it.") from None


def _read(file):
    header = [RestrictedUnpickler(file, allow_tensors=False).load() for _ in range(3)]
    if header[0] != MAGIC_NUMBER or header[1] != PROTOCOL_VERSION:
        raise ValueError("not a legacy PyTorch file (wrong magic number or protocol version)")
    if not (isinstance(header[2], dict) and header[2].get("little_endian") is True):
        raise ValueError("not saved on a little-endian machine")
    unpickler = RestrictedUnpickler(file)
    state = unpickler.load()
    keys = RestrictedUnpickler(file, allow_tensors=False).load()
    if not isinstance(state, dict) or sorted(map(str, keys)) != sorted(unpickler.storages):
        raise ValueError("the object is not a state dict whose storages follow it")
    for key in map(str, keys):
        storage = unpickler.storages[key]
        (count,) = struct.unpack("<q", _exactly(file, 8))
        if count != storage.numel:
            raise ValueError(f"storage {key} holds {count} elements, its header says {storage.numel}")
        storage.array = np.frombuffer(_exactly(file, count * storage.dtype.itemsize), dtype=storage.dtype)
    if file.read(1):
        raise ValueError("bytes left over after the last storage")
    arrays = {}
    for name, value in state.items():
        if not isinstance(name, str) or not isinstance(value, _Tensor):
            raise ValueError(f"entry {str(name)[:40]} is not a named tensor")
        arrays[name] = value.to_numpy()
    return arrays


def _exactly(file, size):
    data = file.read(size)
    if len(data) != size:
        raise EOFError(f"the file ends early ({len(data)} of {size} bytes)")
    return data
