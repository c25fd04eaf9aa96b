"""Export, quantisation and pruning of two trained runs, as the tables of docs/benchmarks/optimisation.md.

    keraslab bench optimisation                     # trains mnist-cnn and mnist-dense first (TensorFlow)
    keraslab bench optimisation --cnn RUN --dense RUN [--repeats 50]

Every figure comes from the same functions as `keraslab export / quantize / prune`; the load average is
printed beside each table, since latencies on a shared machine depend on it.
"""

import argparse
import os

from common import run_preset


def load_average():
    return os.getloadavg()[0]


def export_table(run, formats, repeats):
    from keraslab.errors import KeraslabError
    from keraslab.export.exporter import export_run

    print(f"\nexport of {run} (load {load_average():.2f}); p50 ms")
    print("| format | size MB | max abs difference | predict, 1 | call, 1 | exported, 1 | predict, 128 | call, 128 "
          "| exported, 128 |\n|---|---|---|---|---|---|---|---|---|")
    for name in formats:
        try:
            report = export_run(run, name, repeats=repeats)
        except KeraslabError as error:
            print(f"| {name} | refused: {error} |")
            continue
        one, many = report["latency_ms"]["batch_1"], report["latency_ms"]["batch_128"]
        print(f"| {name} | {report['size_bytes'] / 1e6:.2f} | {report['max_abs_difference']:.1e} | "
              f"{one['keras_predict']:.1f} | {one['keras_call']:.2f} | {one['exported']:.3f} | "
              f"{many['keras_predict']:.1f} | {many['keras_call']:.1f} | {many['exported']:.1f} |")


def quantize_table(run, modes, repeats):
    from keraslab.export.quantize import quantize_run

    print(f"\nquantisation of {run} (load {load_average():.2f}); p50 ms of a direct call")
    print("| mode | quantised layers | size MB | test accuracy | call, 1 | call, 128 |\n|---|---|---|---|---|---|")
    for index, mode in enumerate(modes):
        report = quantize_run(run, mode, repeats=repeats)
        metrics, latency, size = report["test_metrics"], report["latency_ms"], report["size_bytes"]
        if index == 0:
            print(f"| float32 | | {size['float32'] / 1e6:.2f} | {metrics['float32']['accuracy']:.4f} | "
                  f"{latency['float32']['batch_1']['keras_call']:.2f} | "
                  f"{latency['float32']['batch_128']['keras_call']:.1f} |")
        print(f"| {mode} | {', '.join(report['quantized_layers'])} | {size[mode] / 1e6:.2f} | "
              f"{metrics[mode]['accuracy']:.4f} | {latency[mode]['batch_1']['keras_call']:.2f} | "
              f"{latency[mode]['batch_128']['keras_call']:.1f} |")


def prune_table(run, sparsities, epochs):
    from keraslab.export.prune import prune_run

    print(f"\npruning of {run}, {epochs} fine-tuning epochs (load {load_average():.2f})")
    print("| target | measured | test accuracy | original | gzip MB | original gzip MB |\n|---|---|---|---|---|---|")
    for sparsity in sparsities:
        report = prune_run(run, sparsity, epochs=epochs)
        metrics, size = report["test_metrics"], report["size"]
        print(f"| {sparsity:.0%} | {report['sparsity']:.3f} | {metrics['pruned']['accuracy']:.4f} | "
              f"{metrics['original']['accuracy']:.4f} | {size['pruned']['gzip_bytes'] / 1e6:.2f} | "
              f"{size['original']['gzip_bytes'] / 1e6:.2f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cnn", help="a complete mnist-cnn run (default: train one)")
    parser.add_argument("--dense", help="a complete mnist-dense run (default: train one)")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--prune-epochs", type=int, default=2)
    args = parser.parse_args()
    cnn = args.cnn or run_preset("mnist-cnn", "tensorflow")["run_dir"]
    dense = args.dense or run_preset("mnist-dense", "tensorflow")["run_dir"]
    export_table(cnn, ["saved_model", "onnx", "litert", "openvino"], args.repeats)
    export_table(dense, ["onnx", "litert"], args.repeats)
    quantize_table(cnn, ["int8", "int4", "float8"], args.repeats)
    quantize_table(dense, ["int8", "int4"], args.repeats)
    prune_table(dense, [0.0, 0.5, 0.75, 0.9], args.prune_epochs)


if __name__ == "__main__":
    main()
