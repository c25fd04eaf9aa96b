"""The dashboard lists 200 runs in under a second: `keraslab ui` over a runs folder of 200 runs, timed over
HTTP on loopback (the page and its JSON), first request (nothing cached) and again (median of 5).

    python benchmarks/serving/runs_listing.py [--runs 200]        (or: keraslab bench serving/runs_listing)

The runs are copies of three real smoke runs (an image classifier, a language model, a Q-learner), their
checkpoints and models left out (the listing never reads them), under distinct names and presets.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

SOURCES = [("mnist-cnn", {}), ("text-generation", {"sample_tokens": 8}), ("frozenlake-qlearning", {})]
SKIPPED = shutil.ignore_patterns("checkpoints", "model.keras", "q_table.npy")


def make_runs(root, count):
    import keraslab

    made = [keraslab.run(preset, smoke=True, runs_dir=root / "_sources", quiet=True, **config).run_dir
            for preset, config in SOURCES]
    for index in range(count):
        source = made[index % len(made)]
        target = root / source.parent.name / f"2026{index // 1000 + 1:02d}{index % 28 + 1:02d}-12{index % 60:02d}00-{index:06x}"
        shutil.copytree(source, target, ignore=SKIPPED)
    shutil.rmtree(root / "_sources")


def timed_get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
    return time.perf_counter() - started, body


def load_average():
    with open("/proc/loadavg") as load:
        return load.read().split()[:3]


def main():
    import uvicorn

    from keraslab.serving.dashboard import build_dashboard
    from keraslab.serving.http import wrap

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="keraslab-listing-"))
    make_runs(root, args.runs)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(wrap(build_dashboard(root)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    cold_page, page = timed_get(base + "/")
    cold_json, body = timed_get(base + "/api/runs")
    listed = len(json.loads(body))
    assert listed == args.runs and page.count(b"<tr data-id=") == args.runs, (listed, args.runs)
    warm_page = statistics.median(timed_get(base + "/")[0] for _ in range(5))
    warm_json = statistics.median(timed_get(base + "/api/runs")[0] for _ in range(5))
    server.should_exit = True
    shutil.rmtree(root)
    result = {"runs": listed, "page_first_s": round(cold_page, 3), "json_first_s": round(cold_json, 3),
              "page_median_s": round(warm_page, 3), "json_median_s": round(warm_json, 3),
              "page_bytes": len(page), "loadavg": load_average()}
    print(json.dumps(result))
    return 0 if max(cold_page, warm_page, warm_json) < 1.0 else 1


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    sys.exit(main())
