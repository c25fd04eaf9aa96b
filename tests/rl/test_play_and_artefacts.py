"""Smoke runs leave a playable agent: `keraslab play RUN_DIR` prints returns; pictures and GIFs exist."""

import numpy as np
from PIL import Image

import keraslab
from keraslab.cli import main
from keraslab.rl.frames import draw_cartpole


def test_qlearning_run_is_playable(tmp_path, capsys):
    result = keraslab.run("frozenlake-qlearning-deterministic", runs_dir=tmp_path, quiet=True, episodes=300,
                          eval_episodes=20)
    assert result.metrics["eval_success_rate"] == 1.0
    run_dir = result.run_dir
    for artefact in ("q_table.npy", "episodes.csv", "plots/returns.png", "plots/q_table.png", "samples/episode.gif"):
        assert (run_dir / artefact).is_file(), artefact
    assert np.load(run_dir / "q_table.npy").shape == (16, 4)
    gif = tmp_path / "play.gif"
    assert main(["play", str(run_dir), "--episodes", "3", "--gif", str(gif)]) == 0
    output = capsys.readouterr().out
    assert output.count("): return 1\n") == 3 and "mean return 1 +- 0 over 3 episodes" in output
    assert Image.open(gif).n_frames >= 7  # the shortest path is 6 moves


def test_dqn_run_is_playable(tmp_path, capsys):
    result = keraslab.run("cartpole-dqn", smoke=True, runs_dir=tmp_path, quiet=True)
    run_dir = result.run_dir
    for artefact in ("model.keras", "episodes.csv", "checks.csv", "plots/returns.png", "samples/episode.gif"):
        assert (run_dir / artefact).is_file(), artefact
    assert result.metrics["env_steps"] == 200 and result.metrics["gradient_steps"] > 0
    assert main(["play", str(run_dir), "--episodes", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("episode 1 (seed 0): return ") and "over 2 episodes" in lines[-1]


def test_play_refuses_a_run_that_is_not_reinforcement_learning(tmp_path, capsys):
    (tmp_path / "config.yaml").write_text("preset: quickstart\nbackend: tensorflow\nconfig: {task: image-classifier}\n")
    assert main(["play", str(tmp_path)]) == 2
    assert "play needs a dqn or qlearning run" in capsys.readouterr().err


def test_cartpole_drawing_follows_the_state():
    upright = np.asarray(draw_cartpole([0.0, 0.0, 0.0, 0.0]))
    right = np.asarray(draw_cartpole([1.0, 0.0, 0.0, 0.0]))
    assert upright.shape == (200, 300, 3)
    # The cart's dark body, in rows just above the ground line (which is dark across the whole width).
    dark_columns = lambda image: np.flatnonzero((image[140:148] < 60).all(axis=2).any(axis=0))  # noqa: E731
    assert dark_columns(right).mean() - dark_columns(upright).mean() > 50  # x = 1 is 62.5 pixels right
