"""Which backend runs the small Q-network fastest? Time per DQN update and per action, per backend.

    python benchmarks/rl/update_speed.py                 # every installed backend, one process each

One update is DeepQLearner.train_on_batch on 64 transitions (online forward and backward, target
forward, Huber loss, Adam); one action is the Q-function on a single state, as the agent calls it.
Reports microseconds (median of 3 repeats of 100 calls) and the update's GFLOP/s against the
float32 ceiling measured in the same run. On a shared 2-core machine, timings are noisy.
"""

import json
import os
import subprocess
import sys
import time


def measure(hidden_units, repeats=3, calls=100):
    import keras
    import numpy as np

    from keraslab.bench.flops import forward_flops
    from keraslab.models.deep_q_learner import DeepQLearner
    from keraslab.models.q_network import build_q_network
    from keraslab.rl.q_function import make_q_function
    from keraslab.rl.threads_torch import single_threaded

    keras.utils.set_random_seed(0)
    q_network = build_q_network(4, 2, hidden_units)
    target = build_q_network(4, 2, hidden_units, name="target_network")
    learner = DeepQLearner(q_network, target)
    learner.compile(optimizer=keras.optimizers.Adam(1e-3, clipnorm=10.0))
    rng = np.random.default_rng(0)
    batch = (rng.normal(size=(64, 4)).astype("float32"), rng.integers(0, 2, 64).astype("int32"),
             np.ones(64, "float32"), rng.normal(size=(64, 4)).astype("float32"), np.zeros(64, "float32"))
    q_values = make_q_function(q_network)
    state = batch[0][:1]

    def timed(function):
        function()
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            for _ in range(calls):
                function()
            times.append((time.perf_counter() - started) / calls)
        return float(np.median(times))

    import contextlib

    threads = single_threaded() if keras.backend.backend() == "torch" else contextlib.nullcontext()
    with threads:
        update = timed(lambda: learner.train_on_batch(batch))
        act = timed(lambda: q_values(state))
    # Online forward + backward (3x forward) and the target's forward: 4 forward passes per sample.
    flops = 64 * 4 * forward_flops(q_network)
    return {"update_us": update * 1e6, "act_us": act * 1e6, "update_gflops": flops / update / 1e9}


def child(backend):
    from keraslab.bench.ceiling import matmul_gflops

    rows = {"backend": backend, "ceiling_gflops": matmul_gflops()}
    for units in ((24, 24), (256, 256)):
        rows["x".join(map(str, units))] = measure(units)
    print(json.dumps(rows), flush=True)


def main():
    from keraslab.backend import installed_backends

    print("| backend | net | update (us) | update GFLOP/s | ceiling GFLOP/s | action (us) |")
    print("|---|---|---|---|---|---|")
    for backend in installed_backends():
        env = {**os.environ, "KERAS_BACKEND": backend, "TF_ENABLE_ONEDNN_OPTS": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
        output = subprocess.run([sys.executable, __file__, "--child", backend], env=env, capture_output=True,
                                text=True, check=True).stdout
        row = json.loads(output.strip().splitlines()[-1])
        for net in ("24x24", "256x256"):
            m = row[net]
            print(f"| {backend} | 4-{net.replace('x', '-')}-2 | {m['update_us']:.0f} | {m['update_gflops']:.1f} | "
                  f"{row['ceiling_gflops']:.0f} | {m['act_us']:.0f} |", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
