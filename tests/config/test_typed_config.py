"""Typed to the last element: list items, finite floats, seed range, smoke, variant keys, renamed keys."""

import pytest

from keraslab.api import show
from keraslab.config.presets import preset_names
from keraslab.config.resolve import resolve
from keraslab.config.schema import MAX_SEED
from keraslab.config.schemas import all_schemas
from keraslab.errors import ConfigError


@pytest.mark.parametrize("override, message", [
    ("hidden_units=64,abc", "Key 'hidden_units' in preset 'tabular' must be a list of integers; item 2 is 'abc'."),
    ("hidden_units=-5,0", "Key 'hidden_units' in preset 'tabular': each item must be >= 1; item 1 is -5."),
    ("hidden_units=64,1.5", "item 2 is '1.5'"),
    ("learning_rate=nan", "Key 'learning_rate' in preset 'tabular' must be a finite number, got 'nan'."),
    ("learning_rate=inf", "must be a finite number, got 'inf'"),
    ("dropout_rate=-inf", "must be a finite number"),
    ("seed=-1", "Key 'seed' in preset 'tabular' must be >= 0 and <= 2147483647; got -1."),
    (f"seed={MAX_SEED + 1}", f"got {MAX_SEED + 1}"),
])
def test_bad_values_are_refused_at_config_time(override, message):
    with pytest.raises(ConfigError) as caught:
        resolve("tabular", [override])
    assert message in str(caught.value)


def test_list_items_are_typed_and_show_prints_integers():
    _, _, config = resolve("tabular", ["hidden_units=[32, 16]"])
    assert config["hidden_units"] == [32, 16]
    assert "hidden_units: [8, 4]" in show("tabular", ["hidden_units=8,4"])
    _, _, config = resolve("gradient-descent", ["compare_learning_rates=0.1,0.5"])
    assert config["compare_learning_rates"] == [0.1, 0.5]
    with pytest.raises(ConfigError, match="list of finite numbers; item 2 is 'nan'"):
        resolve("gradient-descent", ["compare_learning_rates=0.1,nan"])
    with pytest.raises(ConfigError, match="needs at least 1 item, got 0"):
        resolve("cartpole-dqn", ["hidden_units="])


def test_nan_is_refused_from_yaml_and_python_too(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("task: tabular\nconfig:\n  learning_rate: .nan\n")
    with pytest.raises(ConfigError, match="finite number"):
        resolve(str(path))
    with pytest.raises(ConfigError, match="finite number"):
        resolve("tabular", learning_rate=float("inf"))


def test_smoke_keeps_the_users_value_and_validates_it_first():
    _, schema, config = resolve("tabular", ["epochs=7"], smoke=True)
    assert config["epochs"] == 7 and config["max_samples"] == schema.smoke["max_samples"]
    with pytest.raises(ConfigError, match="Key 'epochs' .* must be >= 1 and <= 100000; got 0"):
        resolve("tabular", ["epochs=0"], smoke=True)
    _, _, config = resolve("mnist-vae", ["hidden_units=64"], smoke=True)
    assert config["hidden_units"] == [64]


@pytest.mark.parametrize("preset, override, message", [
    ("mnist-vae", "timesteps=50", "Key 'timesteps' in preset 'mnist-vae' applies only when model is ddpm; "
                                  "this config has model=vae. Drop timesteps, or set --set model=ddpm."),
    ("mnist-gan", "hidden_units=64", "applies only when model is vae"),
    ("mnist-ddpm", "latent_dim=8", "applies only when model is vae or gan"),
    ("shakespeare-lstm", "num_heads=2", "applies only when model is transformer"),
    ("shakespeare-transformer", "recurrent_units=64", "applies only when model is lstm or gru"),
])
def test_keys_of_another_model_variant_are_refused(preset, override, message):
    with pytest.raises(ConfigError) as caught:
        resolve(preset, [override])
    assert message in str(caught.value)
    with pytest.raises(ConfigError):
        resolve(preset, [override], smoke=True)


def test_smoke_may_shrink_keys_of_other_variants_and_every_preset_resolves():
    # The generation smoke settings shrink every variant's keys; they are not the user's choice.
    for name in preset_names():
        resolve(name)
        resolve(name, smoke=True)


@pytest.mark.parametrize("preset, old, new", [
    ("functional-api", "tower_filters", "conv_filters"),
    ("mnist-ddpm", "widths", "conv_filters"),
    ("shapes-captioner", "dim", "d_model"),
    ("shakespeare-transformer", "embedding_dim", "d_model"),
    ("neuron", "num_nodes_hidden", "hidden_units"),
])
def test_renamed_keys_point_to_their_new_name(preset, old, new):
    with pytest.raises(ConfigError, match=f"Key '{old}' .* is now called '{new}'"):
        resolve(preset, [f"{old}=8"])


def test_one_word_per_concept_across_schemas():
    """Widths of attention models are d_model, convolution filter lists conv_filters, dense layer lists hidden_units."""
    banned = {"dim", "embedding_dim", "widths", "tower_filters", "num_nodes_hidden"}
    for schema in all_schemas().values():
        names = {field.name for field in schema.fields}
        assert not names & banned, (schema.task, names & banned)
        for field in schema.fields:
            if field.type is list and field.name in ("hidden_units", "conv_filters"):
                assert field.item is int and field.min == 1, (schema.task, field.name)


def test_a_saved_run_config_with_a_renamed_key_still_validates():
    """Resume validates a run's saved config: keys renamed since are read under their new names."""
    schema = all_schemas()["generation"]
    config = schema.validate({"model": "ddpm", "widths": [8, 16], "timesteps": 10}, "run x")
    assert config["conv_filters"] == [8, 16]
    with pytest.raises(ConfigError, match="is now called 'conv_filters'"):
        schema.validate({"widths": [8, 16]}, "preset x", chosen={"widths": [8, 16]})
