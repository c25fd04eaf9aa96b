"""keraslab sample RUN_DIR: new images from a trained VAE, GAN or diffusion run, as a grid picture."""

from keraslab.commands import bounded_int, seed_type


def register(subparsers):
    parser = subparsers.add_parser("sample", help="generate images with a saved generative run")
    parser.add_argument("run_dir")
    parser.add_argument("--count", type=bounded_int(1, 100_000), default=100, help="images to generate (default 100)")
    parser.add_argument("--seed", type=seed_type(), default=0, help="seed of the latent codes / starting noise")
    parser.add_argument("--steps", type=bounded_int(1, 100_000), default=None,
                        help="DDIM steps for diffusion runs (default: the run's sampling_steps)")
    parser.add_argument("--output", help="PNG path (default: RUN_DIR/samples/sampled-seedN.png)")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.generative.images import save_grid
    from keraslab.inference import load_predictor
    from keraslab.predictors.base import output_file

    sampler = load_predictor(args.run_dir, "sample")
    output = output_file(args.output or sampler.run_dir.samples / f"sampled-seed{args.seed}.png",
                         "--output", ".png")
    print(save_grid(sampler.sample(args.count, args.seed, args.steps), output, columns=min(10, args.count)))
