"""Mixed precision with Keras's own machinery, as the Keras mixed-precision guide does it.

- The dtype policy (`keras.config.set_dtype_policy`) is set before the task builds its models and put back
  when the run ends, so a run never leaks its policy into the next one in the same process (tuning trials,
  tests). The policy is in config.yaml, so a resumed run builds the same models.
- Layers then compute in float16 or bfloat16 on float32 variables; the layers that produce a model's outputs
  are switched back to float32 (`float32_outputs`), for a numerically stable softmax and loss.
- float16 needs loss scaling: Keras's `compile` wraps the optimizer in a `LossScaleOptimizer` itself when
  the model's policy is mixed_float16; a loop that never calls `compile` wraps it with `loss_scaled`, and
  every hand-written step scales its loss with `optimizer.scale_loss` (a no-op on a plain optimizer).
"""

import contextlib
import functools


@contextlib.contextmanager
def applied(precision, device, say):
    """Keras's global dtype policy is `precision` inside the block and what it was before after it.
    `device` is the backend's device description; on a CPU `say` is told once what to expect."""
    with policy(precision):
        if precision not in (None, "float32") and _is_cpu(device):
            say(cpu_note(precision))
        yield


@contextlib.contextmanager
def policy(name):
    """Keras's global dtype policy is `name` (None: float32) inside the block, what it was before after it."""
    import keras

    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name or "float32")
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)


def saved_policy(path):
    """The mixed policy a saved .keras model was trained under (its layers name it), or None.

    Loading under it makes the model's own policy mixed again, so that `compile` wraps the saved optimizer in
    its LossScaleOptimizer and the optimizer's state loads back (Keras does not save the model's own policy)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read("config.json").decode()
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    return next((name for name in ("mixed_float16", "mixed_bfloat16") if f'"{name}"' in text), None)


def cpu_note(precision):
    """One line: on a CPU the 16-bit policy gains little or loses, and says which 16-bit units this CPU has."""
    units = ", ".join(cpu_16bit_units()) or "none"
    return (f"Warning: precision={precision} on a CPU (16-bit instructions: {units}): expect little gain or a loss. "
            "Mixed precision pays off on GPUs and TPUs with 16-bit units; on an idle CPU with AMX bfloat16, "
            "mnist-dense ran at 1.11x float32's samples/s in bfloat16 on TensorFlow (mnist-tuner's conv model took "
            "1.53x fewer CPU seconds), 0.75-0.78x on JAX, and float16 on TensorFlow far slower "
            "(docs/benchmarks/precision.md, docs/tuning.md).")


@functools.cache
def cpu_16bit_units():
    """The CPU's 16-bit floating-point instruction sets named in /proc/cpuinfo (Linux; empty elsewhere)."""
    try:
        with open("/proc/cpuinfo") as info:
            flags = next((line.split(":", 1)[1].split() for line in info if line.startswith("flags")), [])
    except OSError:
        return ()
    return tuple(flag for flag in ("avx512_bf16", "amx_bf16", "avx512_fp16", "amx_fp16") if flag in flags)


def _is_cpu(device):
    return "cpu" in device.lower() and not any(name in device.lower() for name in ("cuda", "gpu", "tpu"))


def float32_outputs(model):
    """Switch the layers whose outputs are the model's outputs to float32 (the guide's float32 output layer).

    Variables are float32 under every policy here, so a built layer can change its policy: only its compute
    dtype (and the cast of its inputs) changes, and the saved model keeps the float32 layer. A subclassed
    model has no symbolic outputs; its loss still casts predictions to float32."""
    try:
        outputs = model.outputs or []
    except (AttributeError, ValueError):  # subclassed, or a Sequential not built yet
        outputs = []
    for output in outputs:
        history = getattr(output, "_keras_history", None)
        layer = history.operation if history is not None else None
        if layer is not None and getattr(layer, "dtype_policy", None) is not None and \
                layer.dtype_policy.compute_dtype != "float32":
            layer.dtype_policy = "float32"
    return model


def loss_scaled(optimizer, model):
    """`optimizer`, wrapped in Keras's LossScaleOptimizer when `model` computes in float16, as `compile` does."""
    import keras

    if model.dtype_policy.name == "mixed_float16" and not isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return keras.optimizers.LossScaleOptimizer(optimizer)
    return optimizer
