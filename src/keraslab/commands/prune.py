"""keraslab prune RUN --sparsity 0.9: magnitude pruning while fine-tuning, then accuracy and compressed size."""

import json


def register(subparsers):
    parser = subparsers.add_parser("prune", help="fine-tune a complete run's model with magnitude pruning and "
                                                 "compare accuracy and compressed size")
    parser.add_argument("run_dir")
    parser.add_argument("--sparsity", type=float, required=True, help="fraction of kernel weights zeroed, in [0, 1)")
    parser.add_argument("--epochs", type=int, default=2, help="fine-tuning epochs (default 2)")
    parser.add_argument("--output", help="where to write (default: RUN/exports/model-pruned-PERCENT.keras)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.export.prune import prune_run

    report = prune_run(args.run_dir, args.sparsity, epochs=args.epochs, output=args.output)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    size = report["size"]
    print(f"{report['path']}  sparsity {report['sparsity']:.3f}  gzip {size['pruned']['gzip_bytes'] / 1e6:.2f} MB "
          f"(original {size['original']['gzip_bytes'] / 1e6:.2f} MB)")
    for name, value in report["test_metrics"]["original"].items():
        print(f"  test {name}: original {value:.4f}  pruned {report['test_metrics']['pruned'][name]:.4f}")
