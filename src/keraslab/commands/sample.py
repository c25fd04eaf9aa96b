"""keraslab sample RUN_DIR: new images from a trained VAE, GAN or diffusion run."""

from keraslab.commands import bounded_int, check_output_file, seed_type


def register(subparsers):
    parser = subparsers.add_parser("sample", help="generate images with a saved generative run")
    parser.add_argument("run_dir")
    parser.add_argument("--count", type=bounded_int(1, 100_000), default=100, help="images to generate (default 100)")
    parser.add_argument("--seed", type=seed_type(), default=0, help="seed of the latent codes / starting noise")
    parser.add_argument("--steps", type=bounded_int(1, 100_000), default=50, help="DDIM steps for diffusion runs (default 50)")
    parser.add_argument("--output", help="PNG path (default: RUN_DIR/samples/sampled-seedN.png)")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.generative.sample import sample_run

    if args.output:
        check_output_file(args.output, "--output")
    print(sample_run(args.run_dir, args.count, args.seed, args.steps, args.output))
