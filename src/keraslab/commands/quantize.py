"""keraslab quantize RUN --mode int8|int4|float8: a quantised copy of a run's model, and what it cost."""

import json


def register(subparsers):
    from keraslab.export.quantize import MODES

    parser = subparsers.add_parser("quantize", help="quantise a complete run's model (Dense/Embedding layers) and "
                                                    "compare accuracy, size and latency")
    parser.add_argument("run_dir")
    parser.add_argument("--mode", default="int8", choices=MODES)
    parser.add_argument("--output", help="where to write (default: RUN/exports/model-MODE.keras)")
    parser.add_argument("--repeats", type=int, default=30,
                        help="timed calls per path and batch size for the p50 latency; 0: do not time")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.export.quantize import quantize_run

    report = quantize_run(args.run_dir, args.mode, output=args.output, repeats=args.repeats)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    mode = report["mode"]
    sizes = report["size_bytes"]
    print(f"{report['path']}  {mode}  {sizes[mode] / 1e6:.2f} MB (float32 {sizes['float32'] / 1e6:.2f} MB)")
    print(f"  quantised: {', '.join(report['quantized_layers'])}")
    print(f"  left in float32: {', '.join(report['float_layers']) or 'none'}")
    for name, values in report.get("test_metrics", {}).get("float32", {}).items():
        print(f"  test {name}: float32 {values:.4f}  {mode} {report['test_metrics'][mode][name]:.4f}")
    for batch, row in report.get("latency_ms", {}).get("float32", {}).items():
        quantized = report["latency_ms"][mode][batch]
        print(f"  {batch}: p50 ms  call {row['keras_call']:.3f} -> {quantized['keras_call']:.3f}  "
              f"predict {row['keras_predict']:.3f} -> {quantized['keras_predict']:.3f}")
