"""keraslab predict RUN_DIR INPUT...: CSV rows or image files in, predictions out."""

import json


def register(subparsers):
    parser = subparsers.add_parser("predict", help="predict with a saved run")
    parser.add_argument("run_dir")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="CSV files (tabular) or image files")
    parser.add_argument("--json", action="store_true", help="one JSON object per prediction")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.predict import predict

    for row in predict(args.run_dir, args.inputs):
        print(json.dumps(row, default=float) if args.json else
              "  ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
