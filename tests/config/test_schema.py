import pytest

from keraslab.api import show
from keraslab.config.overrides import parse_overrides
from keraslab.config.resolve import resolve
from keraslab.errors import ConfigError


def test_overrides_are_typed_by_the_schema():
    _, _, config = resolve("concrete-regression", ["epochs=3", "learning_rate=0.01", "hidden_units=32,16",
                                                   "normalize=false"])
    assert config["epochs"] == 3 and isinstance(config["epochs"], int)
    assert config["learning_rate"] == 0.01
    assert config["hidden_units"] == ["32", "16"] or config["hidden_units"] == [32, 16]
    assert config["normalize"] is False


def test_nested_overrides_parse_as_yaml():
    assert parse_overrides(["model.units=64", "model.name=x"]) == {"model": {"units": 64, "name": "x"}}


def test_keyword_overrides_and_smoke():
    _, schema, config = resolve("mnist-cnn", smoke=True, seed=7)
    assert config["seed"] == 7
    assert config["epochs"] == schema.smoke["epochs"]


@pytest.mark.parametrize("override, message", [
    ("learning_rte=0.1", "Unknown key 'learning_rte' in preset 'concrete-regression'. Did you mean 'learning_rate'?"),
    ("epochs=-1", "Key 'epochs' in preset 'concrete-regression' must be >= 1 and <= 100000; got -1."),
    ("validation_split=1.5", "Key 'validation_split' in preset 'concrete-regression' must be >= 0 and < 1; got 1.5."),
    ("epochs=many", "Key 'epochs' in preset 'concrete-regression' must be an integer, got 'many'."),
    ("optimizer=adamm", "Did you mean 'adam'?"),
    ("epochs", "--set 'epochs' must look like key=value"),
])
def test_bad_values_name_the_key_and_the_fix(override, message):
    with pytest.raises(ConfigError) as caught:
        resolve("concrete-regression", [override])
    assert message in str(caught.value)


def test_unknown_preset_suggests_the_closest():
    with pytest.raises(ConfigError, match="Unknown preset 'mnist-cn'. Did you mean 'mnist-cnn'?"):
        resolve("mnist-cn")


def test_yaml_file_presets(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("task: tabular\nconfig:\n  data: concrete\n  epochs: 5\n")
    preset, _, config = resolve(str(path))
    assert preset.name == "mine" and config["epochs"] == 5
    path.write_text("task: tabular\nconfg: {}\n")
    with pytest.raises(ConfigError, match="Unknown top-level key 'confg'.*Did you mean 'config'"):
        resolve(str(path))
    path.write_text("task: tabulr\n")
    with pytest.raises(ConfigError, match="Unknown task 'tabulr'.*Did you mean 'tabular'"):
        resolve(str(path))


def test_show_renders_every_default_with_its_description():
    text = show("quickstart")
    for key in ("seed: 42", "epochs: 15", "validation_split: 0.1", "early_stopping_patience: 0"):
        assert key in text
    assert "# Passes over the training data." in text
    assert "target: test_accuracy >= 0.95" in text
