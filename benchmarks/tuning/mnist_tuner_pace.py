"""Where mnist-tuner's time goes: one search execution (the course's 5 epochs on 48,000 images, validated
on 12,000) of the searched model, timed per epoch, for each backend and conv front (issue 15).

    PYTHONPATH=src KERASLAB_MIRROR=... python benchmarks/tuning/mnist_tuner_pace.py \
        [--backends tensorflow,jax,torch] [--models cnn,cnn-strided] [--jit auto,off]
        [--policies float32,mixed_bfloat16] [--epochs 5]
        [--units 256] [--samples N]

Each (backend, model) pair trains in a process of its own, one after another, so pairs measured in one
call share the machine's load: compare them with each other, not with figures taken at another time.
Prints one JSON line per pair: the first epoch (compiling included), the mean of the later ones, the
whole execution, the last validation accuracy, and the load average before and after.
"""

import argparse
import json
import subprocess
import sys

_CHILD = r"""
import json, os, sys, time
os.environ["KERAS_BACKEND"] = sys.argv[1]
import keras, keras_tuner
from keraslab.config.resolve import resolve
from keraslab.tasks.distillation import load_splits
from keraslab.tasks.keras_tuner import build_model

model_name, epochs, units, samples, jit, policy = (sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
                                                   sys.argv[6], sys.argv[7])
keras.config.set_dtype_policy(policy)
_, _, config = resolve("mnist-tuner", [f"model={model_name}"])
(x, y), validation, _, classes = load_splits(config)
if samples:
    x, y, validation = x[:samples], y[:samples], (validation[0][:samples // 4], validation[1][:samples // 4])
hp = keras_tuner.HyperParameters()
hp.Fixed("units", units)
hp.Fixed("learning_rate", 1e-3)
keras.utils.set_random_seed(config["seed"])
model = build_model(hp, config, x.shape[1:], len(classes))
if jit != "auto":  # Keras's default, "auto", compiles with XLA where the backend can
    model.compile(optimizer=model.optimizer, loss=model.loss, metrics=["accuracy"], jit_compile=jit == "on")
ends, cpu_ends = [], []
class Clock(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        ends.append(time.perf_counter())
        cpu_ends.append(time.process_time())
started, cpu_started = time.perf_counter(), time.process_time()
history = model.fit(x, y, validation_data=validation, epochs=epochs, batch_size=config["batch_size"], verbose=0,
                    callbacks=[Clock()])
epoch_seconds = [b - a for a, b in zip([started] + ends[:-1], ends)]
epoch_cpu = [b - a for a, b in zip([cpu_started] + cpu_ends[:-1], cpu_ends)]
# The validation pass alone, as fit runs it at every epoch's end (CPU seconds: wall moves with the load).
cpu = time.process_time()
model.evaluate(*validation, batch_size=config["batch_size"], verbose=0)
validation_cpu = time.process_time() - cpu
print(json.dumps({"first_epoch_s": round(epoch_seconds[0], 2),
                  "later_epoch_s": round(sum(epoch_seconds[1:]) / max(1, len(epoch_seconds) - 1), 2),
                  "execution_s": round(ends[-1] - started, 1),
                  "first_epoch_cpu_s": round(epoch_cpu[0], 2),
                  "later_epoch_cpu_s": round(sum(epoch_cpu[1:]) / max(1, len(epoch_cpu) - 1), 2),
                  "execution_cpu_s": round(cpu_ends[-1] - cpu_started, 1),
                  "validation_pass_cpu_s": round(validation_cpu, 2),
                  "val_accuracy": round(float(history.history["val_accuracy"][-1]), 4),
                  "params": model.count_params(), "jit_compile": str(model.jit_compile)}))
"""


def load():
    return open("/proc/loadavg").read().split()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="tensorflow,jax,torch")
    parser.add_argument("--models", default="cnn,cnn-strided")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--units", type=int, default=256)
    parser.add_argument("--samples", type=int, default=0, help="train on this many images (0: all 48,000)")
    parser.add_argument("--jit", default="auto", help="auto,on,off: XLA compilation (comma-separated to compare)")
    parser.add_argument("--policies", default="float32", help="Keras dtype policies to compare: float32,mixed_bfloat16")
    args = parser.parse_args()
    pairs = [(b, m, j, p) for b in args.backends.split(",") for m in args.models.split(",")
             for j in args.jit.split(",") for p in args.policies.split(",")]
    for backend, model, jit, policy in pairs:
        before = load()
        done = subprocess.run([sys.executable, "-c", _CHILD, backend, model, str(args.epochs), str(args.units),
                               str(args.samples), jit, policy], capture_output=True, text=True)
        if done.returncode:
            result = {"error": done.stderr.strip().splitlines()[-1:]}
        else:
            result = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps({"backend": backend, "model": model, "jit": jit, "policy": policy, "epochs": args.epochs,
                          "units": args.units, "samples": args.samples or 48000,
                          **result, "load_before": before, "load_after": load()}), flush=True)

if __name__ == "__main__":
    main()
