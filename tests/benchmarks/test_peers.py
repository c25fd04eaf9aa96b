"""The peers benchmark's bookkeeping: result lines, medians over seeds, ratios and the written table.

The timings themselves are measured by `keraslab bench peers`, never in tests."""

import importlib.util
import json
from pathlib import Path

import pytest

PEERS = Path(__file__).resolve().parents[2] / "benchmarks" / "peers" / "peers.py"


@pytest.fixture(scope="module")
def peers():
    spec = importlib.util.spec_from_file_location("peers_benchmark", PEERS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_last_json_line_skips_logs_and_broken_lines(peers):
    output = 'Epoch 1/2\n{"a": 1}\nstep 1024: greedy return 9.0\n{"b": 2, "c": [1, 2]}\n{not json\n'
    assert peers.last_json_line(output) == {"b": 2, "c": [1, 2]}
    with pytest.raises(ValueError, match="no JSON"):
        peers.last_json_line("only\nlogs\n")


def _row(seed, ours, peer):
    return {"seed": seed, "ours_steps": ours and ours[0], "ours_seconds": ours and ours[1], "ours_return": 500.0,
            "ours_error": None, "peer_steps": peer and peer[0], "peer_seconds": peer and peer[1], "peer_return": 500.0,
            "peer_error": None if peer else "over its 150 s limit"}


def test_dqn_medians_rank_unsolved_runs_last_and_give_ratios(peers):
    rows = [_row(0, (7168, 10.0), (5120, 7.0)), _row(1, (23552, 40.0), None), _row(2, (6144, 9.0), (27648, 27.0))]
    summary = peers.summarize_dqn(rows)
    assert summary["ours_solved"] == 3 and summary["peer_solved"] == 2
    assert summary["ours_median_steps"] == 7168 and summary["ours_median_seconds"] == 10.0
    assert summary["peer_median_steps"] == 27648 and summary["peer_median_seconds"] == 27.0
    assert summary["steps_ratio"] == pytest.approx(7168 / 27648)
    assert summary["seconds_ratio"] == pytest.approx(10.0 / 27.0)
    two_unsolved = peers.summarize_dqn([_row(0, None, (5120, 7.0)), _row(1, None, None), _row(2, (6144, 9.0), None)])
    assert two_unsolved["ours_median_steps"] is None and two_unsolved["steps_ratio"] is None


def test_report_tables_name_the_load_and_the_ratios(peers, tmp_path, monkeypatch):
    dqn = {**peers.summarize_dqn([_row(0, (7168, 10.0), (5120, 7.0)), _row(1, (6144, 9.0), None)]),
           }
    overhead = {"rows": [{"preset": "concrete-regression", "backend": "tensorflow", "overrides": "",
                          "ours_seconds": 40.0, "twin_seconds": 33.0, "ours_error": None, "twin_error": None,
                          "ours_metric": "test_mse 30.1000", "twin_metric": "test_mse 31.2000",
                          "overhead": 40 / 33}]}
    sections = {"dqn": lambda *a: dqn, "overhead": lambda *a: overhead}
    monkeypatch.setattr(peers, "dqn_section", lambda *a: sections["dqn"]())
    monkeypatch.setattr(peers, "overhead_section", lambda *a: sections["overhead"]())
    peers.main(["--only", "dqn", "overhead", "--out", str(tmp_path)])
    table = (tmp_path / "peers.md").read_text()
    assert "| 1 | 6,144 |" in table and "over its 150 s limit" in table
    assert "(2/2 solved)" in table and "(1/2 solved)" in table and "| **6,656.0** (2/2 solved)" in table
    assert table.count("Load average before/after: ") == 2
    assert "| concrete-regression | tensorflow | - | 40.0 | 33.0 | 1.21x |" in table
    report = json.loads((tmp_path / "peers.json").read_text())
    assert report["dqn"]["peer_median_steps"] is None and "load_before" in report["overhead"]


def test_keraslab_bench_passes_the_scripts_own_options_through(monkeypatch):
    import subprocess

    from keraslab.cli import main

    calls = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kwargs: calls.append(command) or
                        subprocess.CompletedProcess(command, 0))
    assert main(["bench", "peers", "--only", "dqn", "--seeds", "0", "1"]) == 0
    assert calls[0][1].endswith("peers.py") and calls[0][2:] == ["--only", "dqn", "--seeds", "0", "1"]
