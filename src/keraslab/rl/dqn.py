"""The DQN loop: act epsilon-greedily, store transitions in a replay buffer, and every
`train_frequency` environment steps take `gradient_steps` batched updates of the DeepQLearner.

What makes it work where the course's version does not (no target network, one update per
episode, scores of 7 to 9): a target network that holds the Bellman targets still between syncs,
a Huber loss, many updates per episode on random old transitions, and a greedy check every
`eval_every` steps that keeps the best weights seen and stops once the task is solved.
"""

import time

import numpy as np

from keraslab.rl.schedules import linear_epsilon

# Seeds of the periodic checks, apart from training's and from the final evaluation's.
CHECK_SEED_OFFSET = 1_000_000


class DQNTrainer:
    """Settings are stored as given; `train` does the work (scikit-learn's habit)."""

    def __init__(self, learner, buffer, q_values, *, total_steps, learning_starts, batch_size, train_frequency,
                 gradient_steps, target_update_interval, tau, epsilon_start, epsilon_end, exploration_steps,
                 eval_every=0, eval_check_episodes=10, solve_return=None, solve_episodes=100, seed=0):
        self.learner = learner
        self.buffer = buffer
        self.q_values = q_values
        self.total_steps = total_steps
        self.learning_starts = learning_starts
        self.batch_size = batch_size
        self.train_frequency = train_frequency
        self.gradient_steps = gradient_steps
        self.target_update_interval = target_update_interval
        self.tau = tau
        self.epsilon_start = epsilon_start
        self.epsilon_end = epsilon_end
        self.exploration_steps = exploration_steps
        self.eval_every = eval_every
        self.eval_check_episodes = eval_check_episodes
        self.solve_return = solve_return
        self.solve_episodes = solve_episodes
        self.seed = seed

    def train(self, env, make_env, say=print, checkpoints=None):
        """Returns (history per episode, facts: steps, seconds, where solved, time split).

        `checkpoints` (a run context, or None) keeps the whole loop's state at the first episode end after
        every greedy check, and resumes from the last one: weights, optimizer, replay buffer, every
        random generator (the environment's too), history and counters."""
        from keraslab.rl.evaluate import evaluate_greedy

        rng = np.random.default_rng(self.seed)
        num_actions = env.action_space.n
        history = {"episode_return": [], "epsilon": [], "episode_length": [], "env_step": []}
        checks = {"env_step": [], "check_return_mean": []}
        best = {"score": -np.inf, "weights": None, "step": 0}
        timing = {"act": 0.0, "update": 0.0, "check": 0.0}
        solved_at, gradient_updates, losses = None, 0, []
        state, _ = env.reset(seed=self.seed)
        episode_return, episode_length = 0.0, 0
        started = time.perf_counter()
        done = 0
        saved = checkpoints.load_loop_state() if checkpoints is not None else None
        if saved is not None:
            done, arrays, values = saved
            self._restore(arrays, values, rng, env)
            history, checks, timing, gradient_updates = (values["history"], values["checks"], values["timing"],
                                                         values["gradient_updates"])
            losses = arrays["losses"].tolist()
            best = {"score": values["best_score"], "step": values["best_step"],
                    "weights": [arrays[f"best_{i}"] for i in range(values["best_count"])] or None}
            # The reset that followed the checkpointed episode, drawn again from the same generator state.
            state, _ = env.reset()
            started -= values["seconds"]
        checkpoint_due = (done // self.eval_every + 1) * self.eval_every if self.eval_every else None
        step = done
        for step in range(done + 1, self.total_steps + 1):
            episode_ended = False
            epsilon = linear_epsilon(step, self.epsilon_start, self.epsilon_end, self.exploration_steps)
            if step <= self.learning_starts or rng.random() < epsilon:
                action = int(rng.integers(num_actions))
            else:
                tick = time.perf_counter()
                action = int(np.argmax(self.q_values(state[None])[0]))
                timing["act"] += time.perf_counter() - tick
            next_state, reward, terminated, truncated, _ = env.step(action)
            self.buffer.add(state, action, reward, next_state, float(terminated))
            state = next_state
            episode_return += reward
            episode_length += 1
            if terminated or truncated:
                for name, value in (("episode_return", episode_return), ("epsilon", epsilon),
                                    ("episode_length", episode_length), ("env_step", step)):
                    history[name].append(value)
                env_random = _generator_state(env)
                state, _ = env.reset()
                episode_return, episode_length = 0.0, 0
                episode_ended = True

            if step > self.learning_starts and step % self.train_frequency == 0:
                tick = time.perf_counter()
                for _ in range(self.gradient_steps):
                    losses.append(self.learner.train_on_batch(self.buffer.sample(self.batch_size)))
                gradient_updates += self.gradient_steps
                timing["update"] += time.perf_counter() - tick
            if self.target_update_interval and step % self.target_update_interval == 0:
                self.learner.sync_target(self.tau)

            if self.eval_every and step > self.learning_starts and step % self.eval_every == 0:
                tick = time.perf_counter()
                score = evaluate_greedy(make_env, self.q_values, self.eval_check_episodes,
                                        self.seed + CHECK_SEED_OFFSET)["eval_return_mean"]
                checks["env_step"].append(step)
                checks["check_return_mean"].append(score)
                if score >= best["score"]:
                    best = {"score": score, "weights": self.learner.q_network.get_weights(), "step": step}
                if self.solve_return is not None and score >= self.solve_return:
                    # A short check passed: confirm with as many episodes as the final evaluation.
                    confirm = evaluate_greedy(make_env, self.q_values, self.solve_episodes,
                                              self.seed + CHECK_SEED_OFFSET + self.eval_check_episodes)
                    if confirm["eval_return_mean"] >= self.solve_return:
                        solved_at = step
                timing["check"] += time.perf_counter() - tick
                say(f"step {step}: greedy return {score:.1f} over {self.eval_check_episodes} episodes, "
                    f"epsilon {epsilon:.3f}" + (f"; solved ({self.solve_episodes} episodes)" if solved_at else ""))
                if solved_at:
                    break
            if checkpoints is not None and checkpoint_due and episode_ended and step >= checkpoint_due:
                checkpoint_due += self.eval_every
                arrays = {**self.buffer.arrays(), "losses": np.asarray(losses[-100:], dtype="float64"),
                          **{f"best_{i}": w for i, w in enumerate(best["weights"] or [])},
                          **{f"learner_{i}": np.asarray(v) for i, v in enumerate(_learner_state(self.learner))}}
                checkpoints.save_loop_state(
                    step, arrays, rng=rng.bit_generator.state, env_random=env_random, history=history, checks=checks,
                    timing=timing, gradient_updates=gradient_updates, best_score=best["score"],
                    best_step=best["step"], best_count=len(best["weights"] or []),
                    seconds=time.perf_counter() - started, buffer=self.buffer.counters())
        seconds = time.perf_counter() - started
        if best["weights"] is not None and solved_at is None:
            # DQN's greedy return swings as it trains; keep the weights of the best check.
            self.learner.q_network.set_weights(best["weights"])
        facts = {"env_steps": step, "train_seconds": seconds, "env_steps_per_second": step / seconds,
                 "gradient_steps": gradient_updates, "act_seconds": timing["act"],
                 "update_seconds": timing["update"], "check_seconds": timing["check"],
                 "solved_at_step": solved_at, "kept_weights_from_step": solved_at or best["step"] or step,
                 "final_loss": float(np.mean(losses[-100:])) if losses else float("nan")}
        return history, checks, facts

    def _restore(self, arrays, values, rng, env):
        rng.bit_generator.state = values["rng"]
        env.unwrapped.np_random.bit_generator.state = values["env_random"]
        self.buffer.restore(arrays, values["buffer"])
        variables = _learner_variables(self.learner)
        for index, variable in enumerate(variables):
            variable.assign(arrays[f"learner_{index}"])


def _generator_state(env):
    """The environment's random generator, before a reset draws from it."""
    return env.unwrapped.np_random.bit_generator.state


def _learner_variables(learner):
    """The online and target networks' weights, then the optimizer's slots (built if training has not begun)."""
    if not learner.optimizer.built:
        learner.optimizer.build(learner.q_network.trainable_variables)
    target = learner.target_network.weights if learner.target_network is not None else []
    return [*learner.q_network.weights, *target, *learner.optimizer.variables]


def _learner_state(learner):
    import keras

    return [keras.ops.convert_to_numpy(v.value) for v in _learner_variables(learner)]
