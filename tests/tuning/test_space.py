"""keraslab tune's search space: the syntax, and bad input refused in one line before any backend loads."""

import json
import os
import subprocess
import sys

import pytest

from keraslab.config.schemas import schema_for
from keraslab.errors import ConfigError
from keraslab.tuning.space import parse_cli, parse_search
from keraslab.tuning.study import direction_of

TABULAR = schema_for("tabular")


def parse(*pairs):
    return parse_search(parse_cli(pairs), TABULAR, "test")


def test_every_kind_parses_to_its_dimension():
    rate, dropout, batch, units, hidden = parse("learning_rate=log:1e-4..1e-2", "dropout_rate=float:0..0.5:0.1",
                                                "batch_size=int:16..128:16", "epochs=logint:5..50",
                                                "hidden_units=cat:64|128,64")
    assert (rate.kind, rate.low, rate.high, rate.step) == ("log", 1e-4, 1e-2, None)
    assert (dropout.kind, dropout.step) == ("float", 0.1)
    assert (batch.kind, batch.low, batch.high, batch.step) == ("int", 16, 128, 16)
    assert units.kind == "logint"
    assert hidden.choices == ("64", "128,64")  # a list key's choices split on '|'


def test_yaml_forms_lists_and_mappings():
    hidden, rate = parse_search([("hidden_units", [[64], [128, 64]]),
                                 ("learning_rate", {"type": "log", "low": 1e-4, "high": 1e-2})], TABULAR, "test")
    assert hidden.choices == ("64", "128,64") and (rate.kind, rate.low) == ("log", 1e-4)


@pytest.mark.parametrize("pair, message", [
    ("learning_rate=log:1e-2..1e-4", "low 0.01 is above high 0.0001; write log:0.0001..0.01"),
    ("learning_rate=log:0..1e-2", "a log range must stay above 0"),
    ("learning_rte=log:1e-4..1e-2", "no key 'learning_rte'. Did you mean 'learning_rate'"),
    ("learning_rate=lin:1e-4..1e-2", "kind 'lin' is not one of"),
    ("learning_rate=log:1e-4", "needs a range LOW..HIGH"),
    ("batch_size=int:0..64", "Key 'batch_size' in --search of test must be >= 1; got 0"),
    ("batch_size=float:8..64", "is an integer; use int:LOW..HIGH"),
    ("epochs=int:2.5..9", "low '2.5' is not an integer"),
    ("hidden_units=int:32..512", "takes a list, so a int range cannot set it"),
    ("hidden_units=cat:64", "two or more non-empty choices"),
    ("learning_rate=log:1e-4..1e-2:0.1", "a log range takes no step"),
    ("seed=int:1..5", "'seed' cannot be searched"),
    ("learning_rate", "must look like KEY=KIND:RANGE"),
])
def test_bad_ranges_are_refused_with_the_fix(pair, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse(pair)


def test_direction_follows_the_name_unless_stated():
    assert direction_of("val_loss") == ("val_loss", "minimize")
    assert direction_of("val_accuracy") == ("val_accuracy", "maximize")
    assert direction_of("test_mse:max") == ("test_mse", "maximize")
    with pytest.raises(ConfigError, match="write min or max"):
        direction_of("val_loss:lowest")


def test_cli_refuses_in_one_line_with_status_2_before_any_backend_is_imported(tmp_path):
    """Each bad input exits 2 on one line, and neither Keras nor a backend was imported to say so."""
    cases = [["--search", "learning_rate=log:1e-2..1e-4"], ["--search", "learning_rate=log:0..1"],
             ["--search", "learning_rte=log:1e-4..1e-2"],
             ["--search", "learning_rate=log:1e-4..1e-2", "--storage", f"sqlite:///{tmp_path}/missing/x.db"],
             ["--search", "learning_rate=log:1e-4..1e-2", "--storage", "nosuchdb://host/db"],
             ["--search", "learning_rate=log:1e-4..1e-2", "--set", "learning_rate=0.1"]]
    script = f"""
import contextlib, io, json, sys
from keraslab.cli import main
results = []
for argv in {cases!r}:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["tune", "concrete-regression", "--runs-dir", {str(tmp_path / 'runs')!r}, *argv])
    results.append([code, err.getvalue()])
loaded = [m for m in ("keras", "tensorflow", "jax", "torch") if m in sys.modules]
print(json.dumps({{"results": results, "loaded": loaded}}))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=os.environ, timeout=120)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["loaded"] == []
    for code, text in report["results"]:
        assert code == 2 and text.count("\n") == 1 and text.startswith("keraslab: error: "), text
    messages = [text for _, text in report["results"]]
    assert "Did you mean 'learning_rate'" in messages[2]
    assert "cannot be opened" in messages[3] and "cannot be opened" in messages[4]
    assert "both fixed with --set and searched" in messages[5]
    assert not (tmp_path / "runs").exists()  # nothing was started
