"""keraslab predict RUN_DIR INPUT...: inputs in, the trained run's answers out, one line each.

What an input is depends on the run: CSV files (tabular), image files (image classifiers, transfer
included), prompts (text generation), dates as text (seq2seq), a series CSV or nothing (forecasting:
the run's own series), states (reinforcement learning).
"""

import json


def register(subparsers):
    parser = subparsers.add_parser("predict", help="predict with a saved run")
    parser.add_argument("run_dir")
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="CSV files, image files, prompts, dates or states, as the run takes")
    parser.add_argument("--json", action="store_true", help="one JSON object per prediction")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.inference import load_predictor

    for row in load_predictor(args.run_dir, "predict").predict(args.inputs):
        print(json.dumps(row, default=float) if args.json else "  ".join(_shown(k, v) for k, v in row.items()))


def _shown(name, value):
    if isinstance(value, float):
        return f"{name}={value:.4g}"
    if isinstance(value, list):
        return f"{name}=[{', '.join(f'{v:.4g}' if isinstance(v, float) else str(v) for v in value)}]"
    return f"{name}={value}"
