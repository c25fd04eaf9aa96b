"""Bad input gets one line that names the key and the fix, and the CLI exits 2."""

import pytest

from keraslab.cli import main
from keraslab.errors import ConfigError
from keraslab.rl.environments import make_env, require_discrete


def test_unknown_environment_lists_close_matches():
    with pytest.raises(ConfigError, match=r"Unknown environment 'CartPol-v1' in key 'env'. Did you mean 'CartPole-v1'"):
        make_env("CartPol-v1")


def test_retired_environment_version_names_the_new_one():
    with pytest.raises(ConfigError, match=r"Unknown environment 'Taxi-v3'.*Did you mean 'Taxi-v4'"):
        make_env("Taxi-v3")


def test_wrong_environment_option_is_a_config_error():
    with pytest.raises(ConfigError, match=r"'env_options' does not fit 'FrozenLake-v1'.*slippery"):
        make_env("FrozenLake-v1", {"slippery": False})


def test_continuous_actions_are_refused_for_dqn():
    env = make_env("Pendulum-v1")
    with pytest.raises(ConfigError, match=r"'Pendulum-v1' has a continuous.*action space.*needs a discrete one"):
        require_discrete(env.action_space, "action", "Pendulum-v1")


def test_tabular_q_learning_refuses_continuous_states(capsys, tmp_path):
    code = main(["run", "taxi-qlearning", "--runs-dir", str(tmp_path), "--set", "env=CartPole-v1"])
    error = capsys.readouterr().err
    assert code == 2 and "continuous or structured observation space" in error and "FrozenLake-v1 or Taxi-v4" in error


@pytest.mark.parametrize("arguments, message", [
    (["--set", "buffer_size=16", "--set", "batch_size=32"], "Key 'buffer_size' in preset 'cartpole-dqn' (16) is smaller than 'batch_size'"),
    (["--set", "learning_starts=10"], "Key 'learning_starts' in preset 'cartpole-dqn' (10) is below 'batch_size'"),
    (["--set", "env=Pendulum-v1"], "has a continuous or structured action space"),
    (["--set", "env=CartPol-v1"], "Did you mean 'CartPole-v1'"),
    (["--set", "env=FrozenLake-v1"], "For Discrete observations use task qlearning"),
])
def test_cli_exits_2_with_one_line(arguments, message, capsys, tmp_path):
    # Not --smoke: its overrides come last and would replace the bad values.
    code = main(["run", "cartpole-dqn", "--runs-dir", str(tmp_path), *arguments])
    error = capsys.readouterr().err
    assert code == 2
    assert message in error and error.count("\n") == 1
