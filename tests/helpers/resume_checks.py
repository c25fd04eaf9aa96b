"""Which (preset, backend) pairs the contract kills and resumes.

Exact resume is a property of a task's code path on a backend (its random generators, data order and
per-backend train steps), not of a preset's numbers. Killing and resuming every preset on every backend
cost about a third of the whole CI suite, so: the first preset of each task, and every preset whose
model has a train step of its own per backend, is checked on every backend it runs on; every other preset
is checked once, on a backend that rotates across its task's presets, so each backend still meets most
tasks twice over. Every preset is still smoke-run on every backend.
"""

from keraslab.backend import installed_backends
from keraslab.config.presets import load_preset, preset_names

# Presets with backend-specific training code outside the first preset of their task (models/gan.py).
ALWAYS_EVERY_BACKEND = {"mnist-gan"}
# Presets the rotation would check on a backend where the check is dear and teaches nothing new. clothing is
# aircraft-damage's code path (EfficientNet-Lite0 features cached, then its top fine-tuned), which is checked
# on every backend; clothing-scratch trains a network from scratch, as mnist-cnn does on JAX. Measured with
# the check, one thread each, 2026-12-03: clothing 155 CPU s on JAX against 20 on TensorFlow without it,
# clothing-scratch 45 against 9 (XLA on the CPU is slow at depthwise convolutions).
NOT_CHECKED_ON = {"clothing": {"jax"}, "clothing-scratch": {"jax"}}


def resume_checked_backends():
    """{preset: [backends it is killed and resumed on]}, over the installed backends."""
    installed = installed_backends()
    by_task = {}
    for name in preset_names():
        by_task.setdefault(load_preset(name).task, []).append(name)
    chosen = {}
    for names in by_task.values():
        for position, name in enumerate(names):
            runs_on = [backend for backend in load_preset(name).backends if backend in installed]
            if position == 0 or name in ALWAYS_EVERY_BACKEND or not runs_on:
                chosen[name] = runs_on
            else:
                candidates = [backend for backend in runs_on if backend not in NOT_CHECKED_ON.get(name, ())]
                chosen[name] = [candidates[position % len(candidates)]]
    return chosen
