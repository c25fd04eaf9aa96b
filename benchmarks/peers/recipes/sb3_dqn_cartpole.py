"""Stable-Baselines3's DQN with rl-baselines3-zoo's tuned CartPole-v1 hyperparameters, stopped when solved.

    python benchmarks/peers/recipes/sb3_dqn_cartpole.py --seed 0 --max-seconds 300

The zoo's hyperparams/dqn.yml entry for CartPole-v1 (n_timesteps 5e4, MlpPolicy), copied below as is.
"Solved" is judged exactly as keraslab's `cartpole-dqn` judges itself (keraslab.rl.dqn): every 1,024
environment steps after learning starts, 10 greedy episodes on the same check seeds; a mean >= 475 is
confirmed over 100 episodes, and training stops there. Training seconds include those checks, as ours do.
Prints one JSON line: steps_to_solve (null if not solved), train_seconds, eval_return_mean on 100 fresh
episodes (keraslab's final-evaluation seeds).
"""

import argparse
import json
import time

ZOO_CARTPOLE = {
    "learning_rate": 2.3e-3, "batch_size": 64, "buffer_size": 100_000, "learning_starts": 1000, "gamma": 0.99,
    "target_update_interval": 10, "train_freq": 256, "gradient_steps": 128, "exploration_fraction": 0.16,
    "exploration_final_eps": 0.04, "policy_kwargs": {"net_arch": [256, 256]}}
TOTAL_STEPS = 50_000
# keraslab.rl.dqn's and keraslab.tasks.dqn's seed offsets, so both agents are judged on the same episodes.
CHECK_SEED_OFFSET, EVAL_SEED_OFFSET = 1_000_000, 2_000_000
EVAL_EVERY, CHECK_EPISODES, SOLVE_EPISODES, SOLVE_RETURN = 1024, 10, 100, 475


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop unsolved after this much training")
    args = parser.parse_args()

    import gymnasium
    import torch
    from stable_baselines3 import DQN
    from stable_baselines3.common.callbacks import BaseCallback

    from keraslab.rl.evaluate import evaluate_greedy

    torch.set_num_threads(1)  # as keraslab does for small Q-networks on PyTorch (rl/threads_torch.py)
    make_env = lambda: gymnasium.make("CartPole-v1")

    def q_values(model):
        def score(states):
            with torch.no_grad():
                return model.q_net(torch.as_tensor(states, dtype=torch.float32)).numpy()
        return score

    class SolveCheck(BaseCallback):
        def __init__(self):
            super().__init__()
            self.solved_at, self.started = None, time.perf_counter()

        def _on_step(self):
            step = self.num_timesteps
            if step <= ZOO_CARTPOLE["learning_starts"] or step % EVAL_EVERY:
                return time.perf_counter() - self.started < args.max_seconds
            score = evaluate_greedy(make_env, q_values(self.model), CHECK_EPISODES,
                                    args.seed + CHECK_SEED_OFFSET)["eval_return_mean"]
            if score >= SOLVE_RETURN and evaluate_greedy(
                    make_env, q_values(self.model), SOLVE_EPISODES,
                    args.seed + CHECK_SEED_OFFSET + CHECK_EPISODES)["eval_return_mean"] >= SOLVE_RETURN:
                self.solved_at = step
                return False
            return time.perf_counter() - self.started < args.max_seconds

    started = time.perf_counter()
    model = DQN("MlpPolicy", make_env(), seed=args.seed, device="cpu", verbose=0, **ZOO_CARTPOLE)
    check = SolveCheck()
    check.started = started
    model.learn(total_timesteps=TOTAL_STEPS, callback=check)
    train_seconds = time.perf_counter() - started
    final = evaluate_greedy(make_env, q_values(model), SOLVE_EPISODES, args.seed + EVAL_SEED_OFFSET)
    print(json.dumps({"peer": "stable-baselines3 DQN (rl-zoo CartPole-v1)", "seed": args.seed,
                      "steps_to_solve": check.solved_at, "env_steps": model.num_timesteps,
                      "train_seconds": train_seconds, **final}))


if __name__ == "__main__":
    main()
