"""keraslab export RUN --format saved_model|onnx|litert|openvino: a verified file for another runtime."""

import json


def register(subparsers):
    from keraslab.export.formats import FORMATS

    parser = subparsers.add_parser("export", help="export a complete run to SavedModel, ONNX, LiteRT or OpenVINO, "
                                                  "checked against Keras")
    parser.add_argument("run_dir")
    parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="format_name")
    parser.add_argument("--output", help="where to write (default: RUN/exports/model.<suffix>)")
    parser.add_argument("--samples", type=int, default=64, help="test inputs the file is checked on (default 64)")
    parser.add_argument("--repeats", type=int, default=30,
                        help="timed calls per path and batch size for the p50 latency; 0: do not time")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.export.exporter import export_run

    report = export_run(args.run_dir, args.format_name, output=args.output, num_samples=args.samples,
                        repeats=args.repeats)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['path']}  {report['format']}  {report['size_bytes'] / 1e6:.2f} MB  "
          f"max |difference| from Keras {report['max_abs_difference']:.2g} on {report['checked_on']}")
    for batch, row in report["latency_ms"].items():
        print(f"  {batch}: p50 ms  keras predict {row['keras_predict']:.3f}  keras call {row['keras_call']:.3f}  "
              f"{report['format']} {row['exported']:.3f}")
