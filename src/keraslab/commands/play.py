"""keraslab play RUN_DIR --episodes 10: a trained agent plays greedily and its returns are printed."""

from keraslab.commands import bounded_int, seed_type


def register(subparsers):
    parser = subparsers.add_parser("play", help="replay a trained reinforcement-learning agent")
    parser.add_argument("run_dir", help="a dqn or qlearning run directory")
    parser.add_argument("--episodes", type=bounded_int(1, 100_000), default=10, help="episodes to play (default 10)")
    parser.add_argument("--seed", type=seed_type(), default=0, help="seed of the first episode (default 0)")
    parser.add_argument("--gif", metavar="PATH", help="also draw the first episode into this GIF")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.inference import load_predictor

    agent = load_predictor(args.run_dir, "play")
    returns = agent.play(args.episodes, args.seed, args.gif)  # checks --gif before playing
    for index, value in enumerate(returns):
        print(f"episode {index + 1} (seed {args.seed + index}): return {value:g}")
    print(f"{agent.env_id}: mean return {returns.mean():g} +- {returns.std():g} over {len(returns)} episodes")
    if args.gif:
        print(f"first episode drawn in {args.gif}")
