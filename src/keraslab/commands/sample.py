"""keraslab sample RUN_DIR: new images from a trained VAE, GAN or diffusion run."""


def register(subparsers):
    parser = subparsers.add_parser("sample", help="generate images with a saved generative run")
    parser.add_argument("run_dir")
    parser.add_argument("--count", type=int, default=100, help="images to generate (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the latent codes / starting noise")
    parser.add_argument("--steps", type=int, default=50, help="DDIM steps for diffusion runs (default 50)")
    parser.add_argument("--output", help="PNG path (default: RUN_DIR/samples/sampled-seedN.png)")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.errors import ConfigError
    from keraslab.generative.sample import sample_run

    if args.count < 1 or args.steps < 1:
        raise ConfigError(f"--count and --steps must be >= 1, got {args.count} and {args.steps}.")
    print(sample_run(args.run_dir, args.count, args.seed, args.steps, args.output))
