import pytest

from keraslab.config.presets import list_presets, parse_expectation
from keraslab.config.resolve import resolve
from keraslab.config.schemas import all_schemas


@pytest.mark.parametrize("preset", list_presets(), ids=lambda p: p.name)
def test_every_preset_resolves_and_documents_itself(preset):
    resolve(preset.name)
    resolve(preset.name, smoke=True)
    assert preset.summary, f"{preset.name} needs a one-line summary"
    assert preset.lesson
    for metric, rule in preset.expect.items():
        parse_expectation(rule, preset.name, metric)
    if set(preset.backends) != {"tensorflow", "jax", "torch"}:
        assert preset.backends_why, f"{preset.name} must say why it skips a backend"


def test_every_schema_has_descriptions_and_a_task_module():
    for schema in all_schemas().values():
        assert schema.module.startswith("keraslab.tasks.")
        for field in schema.fields:
            assert field.help, f"{schema.task}.{field.name} needs a description"


def test_unmet_targets():
    preset = next(p for p in list_presets() if p.name == "concrete-regression")
    assert preset.unmet_targets({"test_mse": 25.0}) == []
    assert preset.unmet_targets({"test_mse": 31.0}) == ["test_mse <= 30 (got 31.0)"]
