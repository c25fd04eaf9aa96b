"""keraslab generate RUN_DIR --prompt "ROMEO:" --tokens 200: text from a trained text-generation run."""

from keraslab.commands import bounded_float, bounded_int, seed_type


def register(subparsers):
    parser = subparsers.add_parser("generate", help="sample text from a text-generation run")
    parser.add_argument("run_dir")
    parser.add_argument("--prompt", default="\n", help="text to continue (default: a line break)")
    parser.add_argument("--tokens", type=bounded_int(1, 100_000), default=200, help="how many tokens to generate (default 200)")
    parser.add_argument("--temperature", type=bounded_float(0), default=0.8, help="0: greedy; <1 safer; >1 wilder (default 0.8)")
    parser.add_argument("--top-k", type=bounded_int(0), default=0, help="sample among the k most likely tokens (0: all)")
    parser.add_argument("--top-p", type=bounded_float(0, 1, low_exclusive=True), default=1.0, help="nucleus: smallest set with this probability")
    parser.add_argument("--seed", type=seed_type(), default=0, help="same seed, same text")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.inference import load_predictor

    generator = load_predictor(args.run_dir, "generate")
    print(generator.generate(args.prompt, args.tokens, args.temperature, args.top_k, args.top_p, args.seed))
