"""Run every preset in --smoke mode on one backend, in this process; print one JSON line per preset.

The contract test starts one of these per installed backend, because Keras picks its backend once
per process.
"""

import json
import sys
import time
import traceback


def main(backend, runs_dir, names):
    import keraslab
    from keraslab.config.presets import load_preset

    for name in names:
        preset = load_preset(name)
        started = time.perf_counter()
        if backend not in preset.backends:
            print(json.dumps({"preset": name, "skipped": preset.backends_why or "backend not supported"}), flush=True)
            continue
        try:
            result = keraslab.run(name, smoke=True, backend=backend, runs_dir=runs_dir, quiet=True)
            row = {"preset": name, "status": result.status, "run_dir": str(result.run_dir),
                   "metrics": result.metrics}
        except Exception as error:  # report every preset, not only the first failure
            row = {"preset": name, "error": f"{type(error).__name__}: {error}",
                   "traceback": traceback.format_exc()[-3000:]}
        row["seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps(row, default=float), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
