"""keraslab tune end to end: trials are runs, the study lives in the tune run, the best config runs,
a search killed with SIGKILL resumes losing at most the running trial, and workers share one study."""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from keraslab.api import run
from keraslab.cli import main
from keraslab.config.resolve import resolve
from keraslab.training.run_dir import RunDirectory
from keraslab.tuning.pruning import pruning_callback
from keraslab.tuning.study import mark_pruned

SEARCH = {"learning_rate": "log:1e-3..3e-2", "hidden_units": [[8], [16, 8]]}


def tune_config(tmp_path):
    path = tmp_path / "concrete-small.yaml"
    path.write_text(yaml.safe_dump({"task": "tabular", "search": SEARCH,
                                    "config": {"data": "concrete", "target": "Strength", "epochs": 2}}))
    return path


class PrunesAtOnce:
    """Optuna's trial as the callback sees it: report, then should_prune."""

    def __init__(self):
        self.reports = []

    def report(self, value, step):
        self.reports.append((step, value))

    def should_prune(self):
        return True


def test_the_pruning_callback_reaches_every_fit_and_stops_the_run_early(runs_dir, capsys):
    trial = PrunesAtOnce()
    callback = pruning_callback(trial, "val_loss")
    result = run("concrete-regression", smoke=True, quiet=True, runs_dir=runs_dir, callbacks=[callback])
    assert result.status == "complete" and callback.pruned_at == 1
    assert len(result.history["val_loss"]) == 1  # smoke trains 2 epochs; the pruner stopped it after 1
    assert trial.reports == [(1, result.history["val_loss"][0])]
    # the tuner files such a run as pruned: still complete, but its status and facts say so
    mark_pruned(RunDirectory(result.run_dir), 7, callback.pruned_at)
    assert RunDirectory(result.run_dir).state() == "complete"
    assert RunDirectory(result.run_dir).facts()["pruned_after_epochs"] == 1
    main(["runs", "--runs-dir", str(runs_dir)])
    assert "test_mse=" in capsys.readouterr().out.split("pruned by keraslab tune (trial 7) after 1 epochs")[0]


def test_tune_from_a_search_block_writes_trials_table_best_config_and_plots(tmp_path, runs_dir, capsys):
    import matplotlib

    def style():  # the backend is left out: the first plot of a process picks the headless one, as it should
        return {key: value for key, value in matplotlib.rcParams.items() if not key.startswith("backend")}

    before = style()
    assert main(["tune", str(tune_config(tmp_path)), "--trials", "3", "--smoke", "--runs-dir", str(runs_dir),
                 "--quiet"]) == 0
    assert style() == before  # Optuna's plots leave the caller's matplotlib style alone
    out = capsys.readouterr().out
    [tune_dir] = (runs_dir / "tune-concrete-small").iterdir()
    tune = RunDirectory(tune_dir)
    assert tune.state() == "complete" and (tune_dir / "study.db").is_file()
    with open(tune_dir / "trials.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["state"] for row in rows] == ["complete"] * 3
    trial_runs = {Path(row["run"]) for row in rows}
    assert trial_runs == {r.path for r in RunDirectory.all_under(runs_dir, "concrete-small")}
    assert all(RunDirectory(path).state() == "complete" for path in trial_runs)
    best = min(rows, key=lambda row: float(row["val_loss"]))
    metrics, facts = tune.metrics(), tune.facts()
    assert metrics["best_trial"] == int(best["trial"]) and metrics["best_val_loss"] == pytest.approx(float(best["val_loss"]))
    assert metrics["test_mse"] == RunDirectory(best["run"]).metrics()["test_mse"]
    # best.yaml is a preset file keraslab run takes, holding the best trial's values typed
    _, _, config = resolve(facts["best_config"])
    assert config["learning_rate"] == pytest.approx(float(best["learning_rate"]))
    assert config["hidden_units"] == [int(u) for u in best["hidden_units"].split(",")]
    assert config["epochs"] == 2 and "search" not in Path(facts["best_config"]).read_text()
    # the facts carry the best values typed too: a categorical choice is the list it names, not its string
    assert facts["best_params"]["hidden_units"] == config["hidden_units"]
    assert all(Path(p).stat().st_size > 1000 for p in facts["plots"])
    assert "best config:" in out
    main(["runs", "--runs-dir", str(runs_dir)])
    listed = capsys.readouterr().out
    assert str(tune_dir) in listed and all(str(path) in listed for path in trial_runs)
    assert main(["run", "--resume", str(tune_dir)]) == 2
    assert "is a tune run; continue it with: keraslab tune --resume" in capsys.readouterr().err


def _study(tune_dir):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    config = yaml.safe_load((tune_dir / "config.yaml").read_text())["config"]
    return optuna.load_study(study_name=config["study_name"], storage=config["storage"])


def _wait_for_running_trial(tune_root, process, after=0, limit=180):
    """(tune dir, a RUNNING trial with number >= after that has its run folder), polling the study."""
    from optuna.trial import TrialState

    started = time.time()
    while time.time() - started < limit:
        assert process.poll() is None, f"the tune ended before the test could kill it: {_tail(process)}"
        folders = list(tune_root.glob("*/study.db")) if tune_root.is_dir() else []
        # Not before the search says it is running: opening the database while the search creates its tables
        # races it (both create them; the loser fails with "table ... already exists").
        if folders and RunDirectory(folders[0].parent).state() == "running":
            try:
                for trial in _study(folders[0].parent).get_trials(states=(TrialState.RUNNING,)):
                    if trial.number >= after and "run" in trial.user_attrs:
                        return folders[0].parent, trial
            except Exception:  # the study is being created
                pass
        time.sleep(0.5)
    raise AssertionError("no trial started in time")


def _tail(process):
    log = getattr(process, "log", None)
    return log.read_text()[-1500:] if log is not None and log.is_file() else ""


def _cli(*argv):
    return [sys.executable, "-m", "keraslab", "tune", *argv]


def _check_plan_kept(tune_dir, planned, killed):
    """`planned` trials finished, none twice, and each killed one ran again with its parameters."""
    from optuna.trial import TrialState

    trials = _study(tune_dir).get_trials()
    killed = [next(t for t in trials if t.number == k.number) for k in killed]  # as the study has them now
    lost = [t for t in trials if t.user_attrs.get("lost")]
    counted = [t for t in trials if not t.user_attrs.get("lost")]
    assert sorted(t.number for t in lost) == sorted(t.number for t in killed)
    assert all(t.state == TrialState.FAIL for t in lost)
    assert len(counted) == planned and all(t.state == TrialState.COMPLETE for t in counted)
    for trial in killed:  # its retry finished, or the retry was killed too and its own retry finished
        retry = trial
        while retry.user_attrs.get("lost"):
            retry = next(t for t in trials if t.user_attrs.get("retry_of") == retry.number)
        assert retry in counted and retry.params == trial.params
    runs = [t.user_attrs["run"] for t in counted]
    assert len(set(runs)) == planned and all(RunDirectory(r).state() == "complete" for r in runs)
    assert RunDirectory(tune_dir).state() == "complete"


def test_workers_survive_a_killed_worker_and_a_search_killed_with_sigkill_resumes(tmp_path):
    """Two workers share a plan of 3 trials. One worker is SIGKILLed mid-trial: the other runs its trial
    again. Then the whole search (parent and worker) is SIGKILLed: --resume finishes the plan, losing only
    the trials that were running, each run again with its parameters."""
    from optuna.trial import TrialState

    runs_dir = tmp_path / "runs"
    argv = [str(tune_config(tmp_path)), "--trials", "3", "--workers", "2", "--smoke", "--runs-dir", str(runs_dir),
            "--quiet", "--backend", "jax"]
    log = open(tmp_path / "tune.log", "w")
    process = subprocess.Popen(_cli(*argv), stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)  # its own process group: the search and its workers
    process.log = tmp_path / "tune.log"
    root = runs_dir / "tune-concrete-small"
    tune_dir, first = _wait_for_running_trial(root, process)
    assert first.user_attrs["pid"] != process.pid
    os.kill(first.user_attrs["pid"], signal.SIGKILL)
    _wait_for_running_trial(root, process, after=first.number + 1)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    running = _study(tune_dir).get_trials(states=(TrialState.RUNNING,))
    assert RunDirectory(tune_dir).state() == "interrupted"
    assert f"keraslab tune --resume {tune_dir}" in RunDirectory(tune_dir).status()["reason"]
    done = subprocess.run(_cli("--resume", str(tune_dir), "--workers", "1", "--quiet"), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    killed = {t.number: t for t in [first, *running]}.values()
    _check_plan_kept(tune_dir, 3, list(killed))
    pids = {t.user_attrs["pid"] for t in _study(tune_dir).get_trials()}
    assert len(pids) >= 3  # two workers, then the resumed search
