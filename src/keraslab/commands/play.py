"""keraslab play RUN_DIR --episodes 10: a trained agent plays greedily and its returns are printed."""

from keraslab.commands import bounded_int, check_output_file, seed_type


def register(subparsers):
    parser = subparsers.add_parser("play", help="replay a trained reinforcement-learning agent")
    parser.add_argument("run_dir", help="a dqn or qlearning run directory")
    parser.add_argument("--episodes", type=bounded_int(1, 100_000), default=10, help="episodes to play (default 10)")
    parser.add_argument("--seed", type=seed_type(), default=0, help="seed of the first episode (default 0)")
    parser.add_argument("--gif", metavar="PATH", help="also draw the first episode into this GIF")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.rl.play import play

    if args.gif:
        check_output_file(args.gif, "--gif")
    env_id, returns = play(args.run_dir, args.episodes, args.seed, args.gif)
    for index, value in enumerate(returns):
        print(f"episode {index + 1} (seed {args.seed + index}): return {value:g}")
    print(f"{env_id}: mean return {returns.mean():g} +- {returns.std():g} over {len(returns)} episodes")
    if args.gif:
        print(f"first episode drawn in {args.gif}")
