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


def test_transformer_section_is_skipped_in_one_line_without_a_nanogpt_checkout(peers, tmp_path):
    peers.main(["--only", "transformer", "--out", str(tmp_path)])
    table = (tmp_path / "peers.md").read_text()
    assert "Skipped: no --nanogpt-dir given" in table and "| shakespeare-transformer |" not in table


def test_transformer_section_times_both_sides_to_the_target_and_gives_ratios(peers, tmp_path, monkeypatch):
    calls = {}

    def preset(name, backend, overrides, timeout, core=None):
        calls["ours"] = (name, backend, overrides, core)
        return {"val_loss": 1.85, "tokens_per_second": 12000.0, "command_seconds": 150.0, "process_cpu_seconds": 140.0}

    def recipe(name, args, backend, timeout, core=None):
        calls["peer"] = (name, backend, core)
        return {"val_loss": 1.88, "seconds_to_target": 300.0, "step_at_target": 2000, "seconds": 301.0,
                "tokens_per_second": 8000.0, "cpu_seconds": 290.0, "evaluations": []}

    monkeypatch.setattr(peers, "run_preset", preset)
    monkeypatch.setattr(peers, "run_recipe", recipe)
    peers.main(["--only", "transformer", "--nanogpt-dir", str(tmp_path), "--out", str(tmp_path)])
    assert calls["ours"] == ("shakespeare-transformer", "tensorflow", peers.TRANSFORMER_OVERRIDES, 0)
    assert calls["peer"] == ("nanogpt_shakespeare_char.py", "torch", 1)
    report = json.loads((tmp_path / "peers.json").read_text())["transformer"]
    assert report["seconds_ratio"] == pytest.approx(0.5) and report["tokens_per_second_ratio"] == pytest.approx(1.5)
    table = (tmp_path / "peers.md").read_text()
    assert "| shakespeare-transformer | 1.8500 | 150.0 | 150.0 | 140.0 | 12,000 |" in table
    assert "| nanoGPT (reached at step 2000) | 1.8800 | 300.0 | 301.0 | 290.0 | 8,000 |" in table
    assert "Load average" in table

    monkeypatch.setattr(peers, "run_preset", lambda *a, **k: {"val_loss": 1.95, "command_seconds": 90.0})
    missed = peers.transformer_section(tmp_path)
    assert missed["ours_seconds_to_target"] is None and missed["seconds_ratio"] is None


def test_nanogpt_recipe_reads_the_first_evaluation_at_the_target_and_the_iteration_times(tmp_path):
    import subprocess
    import sys

    (tmp_path / "data" / "shakespeare_char").mkdir(parents=True)
    (tmp_path / "data" / "shakespeare_char" / "val.bin").write_bytes(b"")
    # A stand-in for nanoGPT's train.py that prints its log lines, in its format.
    (tmp_path / "train.py").write_text(
        "print('step 0: train loss 4.2000, val loss 4.2100')\n"
        "print('iter 0: loss 4.2000, time 900.00ms, mfu -100.00%')\n"
        "for i in range(1, 4): print(f'iter {i}: loss 3.0000, time {40 + 10 * i}.00ms, mfu 0.01%')\n"
        "print('step 250: train loss 1.8000, val loss 1.8800')\n"
        "print('step 500: train loss 1.7000, val loss 1.8500')\n")
    recipe = PEERS.parent / "recipes" / "nanogpt_shakespeare_char.py"
    done = subprocess.run([sys.executable, str(recipe), "--nanogpt-dir", str(tmp_path), "--target", "1.886"],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["reached"] and result["step_at_target"] == 250 and result["val_loss"] == 1.85
    assert result["tokens_per_second"] == pytest.approx(12 * 64 / 0.060)
    assert [e["step"] for e in result["evaluations"]] == [0, 250, 500]
    assert result["cpu_seconds"] > 0  # its own and the stand-in train.py's
    missing = subprocess.run([sys.executable, str(recipe), "--nanogpt-dir", str(tmp_path / "nowhere")],
                             capture_output=True, text=True)
    assert missing.returncode != 0 and "holds no train.py" in missing.stderr


def test_a_section_not_run_keeps_its_last_result(peers, tmp_path, monkeypatch):
    monkeypatch.setattr(peers, "mnist_section", lambda *a: {"ours_accuracy": 0.9917, "ours_seconds": 20.0,
                                                           "ours_error": None, "peer_accuracy": 0.9906,
                                                           "peer_seconds": 140.0, "peer_epochs": 8,
                                                           "peer_error": None, "seconds_ratio": 20 / 140})
    peers.main(["--only", "mnist", "--out", str(tmp_path)])
    peers.main(["--only", "transformer", "--out", str(tmp_path)])  # skipped: no nanoGPT checkout
    report = json.loads((tmp_path / "peers.json").read_text())
    assert report["mnist"]["ours_seconds"] == 20.0 and "--only mnist" in report["mnist"]["command"]
    table = (tmp_path / "peers.md").read_text()
    assert "| mnist-speedrun (whole command) | 0.9917 | 20.0 |" in table and "Skipped: no --nanogpt-dir" in table
    assert "Sections measured: mnist " in table


def test_a_run_without_out_leaves_the_curated_record_alone(peers, tmp_path, monkeypatch):
    """docs/benchmarks/peers.md holds several hosts' and days' runs: a run writes under runs/ unless told."""
    monkeypatch.setattr(peers, "REPO", tmp_path)
    curated = tmp_path / "docs" / "benchmarks" / "peers.md"
    curated.parent.mkdir(parents=True)
    curated.write_text("# the curated record\n")
    peers.main(["--only", "transformer"])  # skipped in one line: no nanoGPT checkout
    assert curated.read_text() == "# the curated record\n"
    assert "Skipped: no --nanogpt-dir" in (tmp_path / "runs" / "bench" / "peers" / "peers.md").read_text()
