"""keraslab play RUN_DIR --episodes 10: a trained agent plays greedily and its returns are printed."""


def register(subparsers):
    parser = subparsers.add_parser("play", help="replay a trained reinforcement-learning agent")
    parser.add_argument("run_dir", help="a dqn or qlearning run directory")
    parser.add_argument("--episodes", type=int, default=10, help="episodes to play (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first episode (default 0)")
    parser.add_argument("--gif", metavar="PATH", help="also draw the first episode into this GIF")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.errors import KeraslabError
    from keraslab.rl.play import play

    if args.episodes < 1:
        raise KeraslabError(f"--episodes must be >= 1, got {args.episodes}.")
    env_id, returns = play(args.run_dir, args.episodes, args.seed, args.gif)
    for index, value in enumerate(returns):
        print(f"episode {index + 1} (seed {args.seed + index}): return {value:g}")
    print(f"{env_id}: mean return {returns.mean():g} +- {returns.std():g} over {len(returns)} episodes")
    if args.gif:
        print(f"first episode drawn in {args.gif}")
