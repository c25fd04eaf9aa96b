"""Smoke runs leave a playable agent: `keraslab play RUN_DIR` prints returns, `keraslab predict RUN_DIR STATE`
names the greedy action; pictures and GIFs exist; bad states, paths and tables are refused in one line."""

import json
import shutil

import numpy as np
import pytest
from PIL import Image

import keraslab
from keraslab.cli import main
from keraslab.errors import KeraslabError
from keraslab.inference import load_predictor
from keraslab.rl.frames import draw_cartpole


@pytest.fixture(scope="module")
def qlearning_run(tmp_path_factory):
    return keraslab.run("frozenlake-qlearning-deterministic", runs_dir=tmp_path_factory.mktemp("runs"), quiet=True,
                        episodes=300, eval_episodes=20)


@pytest.fixture(scope="module")
def dqn_run(tmp_path_factory):
    return keraslab.run("cartpole-dqn", smoke=True, runs_dir=tmp_path_factory.mktemp("runs"), quiet=True)


def test_qlearning_run_is_playable(qlearning_run, tmp_path, capsys):
    assert qlearning_run.metrics["eval_success_rate"] == 1.0
    run_dir = qlearning_run.run_dir
    for artefact in ("q_table.npy", "episodes.csv", "plots/returns.png", "plots/q_table.png", "samples/episode.gif"):
        assert (run_dir / artefact).is_file(), artefact
    assert np.load(run_dir / "q_table.npy").shape == (16, 4)
    gif = tmp_path / "play.gif"
    assert main(["play", str(run_dir), "--episodes", "3", "--gif", str(gif)]) == 0
    output = capsys.readouterr().out
    assert output.count("): return 1\n") == 3 and "mean return 1 +- 0 over 3 episodes" in output
    assert Image.open(gif).n_frames >= 7  # the shortest path is 6 moves


def test_qlearning_predict_is_the_tables_greedy_action(qlearning_run):
    agent = load_predictor(qlearning_run.run_dir)
    table = np.load(qlearning_run.run_dir / "q_table.npy")
    rows = agent.predict(["0", "14"])
    assert [row["action"] for row in rows] == [int(np.argmax(table[0])), int(np.argmax(table[14]))]
    assert rows[1]["q_values"] == pytest.approx(table[14].tolist())
    for state in ("16", "-1", "two"):
        with pytest.raises(KeraslabError, match=f"State '{state}' is not one of FrozenLake-v1's states: give an "
                                                "integer from 0 to 15"):
            agent.predict([state])


def test_dqn_run_is_playable(dqn_run, capsys):
    run_dir = dqn_run.run_dir
    for artefact in ("model.keras", "episodes.csv", "checks.csv", "plots/returns.png", "samples/episode.gif"):
        assert (run_dir / artefact).is_file(), artefact
    assert dqn_run.metrics["env_steps"] == 200 and dqn_run.metrics["gradient_steps"] > 0
    assert main(["play", str(run_dir), "--episodes", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("episode 1 (seed 0): return ") and "over 2 episodes" in lines[-1]


def test_dqn_predict_scores_a_state(dqn_run):
    agent = load_predictor(dqn_run.run_dir)
    returns = agent.play(2, seed=5)
    assert returns.shape == (2,) and (returns >= 1).all()
    row, = agent.predict(["0,0.1,-0.02,0"])
    assert len(row["q_values"]) == 2 and row["action"] == int(np.argmax(row["q_values"]))
    with pytest.raises(KeraslabError, match="give 4 comma-separated finite numbers"):
        agent.predict(["0,nan,0,0"])


@pytest.mark.parametrize("gif, message", [("play.png", "--gif '.*play.png' must end in .gif"),
                                          ("folder.gif", "--gif '.*folder.gif' is a folder; give a file name")])
def test_play_refuses_a_gif_path_before_playing(qlearning_run, tmp_path, gif, message):
    (tmp_path / "folder.gif").mkdir()
    with pytest.raises(KeraslabError, match=message):
        load_predictor(qlearning_run.run_dir, "play").play(1, gif=str(tmp_path / gif))


def test_a_damaged_q_table_is_refused_in_one_line(qlearning_run, tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(qlearning_run.run_dir, copy)
    (copy / "q_table.npy").write_bytes(b"not numpy")
    with pytest.raises(KeraslabError, match="q_table.npy is damaged"):
        load_predictor(copy).play(1)
    np.save(copy / "q_table.npy", np.zeros((3, 4)))
    with pytest.raises(KeraslabError, match=r"shape \(3, 4\), where FrozenLake-v1 needs finite numbers in shape "
                                            r"\(16, 4\)"):
        load_predictor(copy).predict(["0"])


def test_play_refuses_a_run_that_is_not_reinforcement_learning(tmp_path, capsys):
    (tmp_path / "config.yaml").write_text("preset: quickstart\nbackend: tensorflow\nconfig: {task: image-classifier}\n")
    (tmp_path / "status.json").write_text(json.dumps({"status": "complete"}))
    assert main(["play", str(tmp_path)]) == 2
    assert "is an image-classifier run (preset quickstart); it has predict, not play" in capsys.readouterr().err


def test_cartpole_drawing_follows_the_state():
    upright = np.asarray(draw_cartpole([0.0, 0.0, 0.0, 0.0]))
    right = np.asarray(draw_cartpole([1.0, 0.0, 0.0, 0.0]))
    assert upright.shape == (200, 300, 3)
    # The cart's dark body, in rows just above the ground line (which is dark across the whole width).
    dark_columns = lambda image: np.flatnonzero((image[140:148] < 60).all(axis=2).any(axis=0))  # noqa: E731
    assert dark_columns(right).mean() - dark_columns(upright).mean() > 50  # x = 1 is 62.5 pixels right
