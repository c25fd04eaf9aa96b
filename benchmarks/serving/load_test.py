"""`keraslab serve` of the MNIST CNN under load: 8 concurrent clients on loopback, each sending one image per
request, bounded in count and in time. Reports requests/s, p50 and p95 latency and errors.
Targets (issue 16): >= 200 predictions/s, p95 < 100 ms, no errors.

    python benchmarks/serving/load_test.py [--run RUN_DIR] [--clients 8] [--requests 3000] [--seconds 60]
    (or: keraslab bench serving/load_test)

Without --run it trains `mnist-cnn` in smoke mode first: the same network (two conv blocks, dense 128) and
input as the full preset, so the same work per prediction; only its accuracy differs. The server runs in
its own process (`python -m keraslab serve`), the clients in this one, with keep-alive connections.
"""

import argparse
import base64
import http.client
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def digits_png(count):
    """MNIST-sized PNGs of real handwritten digits (scikit-learn's, upscaled to 28x28)."""
    from PIL import Image
    from sklearn.datasets import load_digits

    images = load_digits().images[:count]
    out = []
    for image in images:
        pixels = Image.fromarray((image * 255 / 16).astype("uint8")).resize((28, 28), Image.BILINEAR)
        buffer = io.BytesIO()
        pixels.save(buffer, format="PNG")
        out.append(json.dumps({"images": [base64.b64encode(buffer.getvalue()).decode()]}).encode())
    return out


def wait_ready(port, process, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"keraslab serve exited with {process.returncode}: {process.stderr.read()[-500:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("keraslab serve did not become ready")


def client(port, bodies, offset, stop, latencies, errors, budget):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = offset
    while not stop.is_set():
        with budget["lock"]:
            if budget["left"] <= 0:
                return
            budget["left"] -= 1
        body = bodies[index % len(bodies)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("POST", "/predict", body=body, headers={"content-type": "application/json"})
            response = connection.getresponse()
            answer = response.read()
            ok = response.status == 200 and b'"prediction"' in answer
        except OSError:
            ok = False
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append(time.perf_counter() - started)
        if not ok:
            errors.append(1)


def cpu_seconds(pid):
    """User + system CPU time of a process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average():
    with open("/proc/loadavg") as load:
        return load.read().split()[:3]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", help="a complete mnist-cnn run (default: train one in smoke mode)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=3000, help="requests in all, after about 100 to warm up")
    parser.add_argument("--seconds", type=float, default=60, help="stop after this long whatever the count")
    args = parser.parse_args()
    run = args.run
    if run is None:
        import keraslab

        run = str(keraslab.run("mnist-cnn", smoke=True, runs_dir=tempfile.mkdtemp(prefix="keraslab-load-"),
                               quiet=True).run_dir)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "keraslab", "serve", run, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_ready(port, server)
        bodies = digits_png(256)
        for warm in range(2):  # warm up: the first batches build the model's functions
            threads = [threading.Thread(target=client, args=(port, bodies, 7 * c, threading.Event(), [], [],
                                                             {"lock": threading.Lock(), "left": 50 // args.clients}))
                       for c in range(args.clients)]
            [t.start() for t in threads]
            [t.join() for t in threads]
        latencies, errors, stop = [], [], threading.Event()
        budget = {"lock": threading.Lock(), "left": args.requests}
        threads = [threading.Thread(target=client, args=(port, bodies, 31 * c, stop, latencies, errors, budget))
                   for c in range(args.clients)]
        started, server_cpu, client_cpu = time.perf_counter(), cpu_seconds(server.pid), time.process_time()
        [t.start() for t in threads]
        timer = threading.Timer(args.seconds, stop.set)
        timer.start()
        [t.join() for t in threads]
        timer.cancel()
        elapsed = time.perf_counter() - started
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
    finally:
        server.terminate()
        server.wait(30)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    result = {"clients": args.clients, "requests": len(latencies), "seconds": round(elapsed, 2),
              "requests_per_second": round(len(latencies) / elapsed, 1),
              "p50_ms": round(1000 * statistics.median(latencies), 1), "p95_ms": round(1000 * p95, 1),
              "max_ms": round(1000 * latencies[-1], 1), "errors": len(errors),
              # CPU time per request, which the machine's other load does not change much
              "server_cpu_ms_per_request": round(1000 * server_cpu / len(latencies), 2),
              "client_cpu_ms_per_request": round(1000 * client_cpu / len(latencies), 2),
              "loadavg": load_average(), "cpus": os.cpu_count()}
    print(json.dumps(result))
    met = result["requests_per_second"] >= 200 and result["p95_ms"] < 100 and not errors
    return 0 if met else 1


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    sys.exit(main())
