"""`keraslab tune`: an Optuna study whose trials are keraslab runs.

    runs/tune-<preset>/<id>/      the tune run (a run directory like any other)
      config.yaml                 what was searched, how, for how long: enough to resume
      study.db                    the Optuna study (SQLite) unless --storage names another database
      trials.csv  best.yaml       one row per trial; the best config as a preset YAML for keraslab run
      metrics.json status.json    the best trial's figures; running | complete | interrupted
      plots/                      optimisation history and parameter importance
    runs/<preset>/<id>/           each trial: a run of its own, listed by keraslab runs

Each worker loops: under a lock, file the trials of dead workers as lost and queue them again with
the same parameters, stop when the planned number of trials is reached (or the time is up), else
ask the study for a trial; then run it with a pruning callback and tell the study the result. A
search killed at any moment resumes with --resume and loses at most the trial that was running (it
runs again). Workers started by --workers share the lock; workers on other machines (--storage URL
and --study-name) share the database, and a trial whose worker stops beating its heart for
HEARTBEAT_GRACE seconds is retried, but two machines can overshoot the plan by a trial each.
"""

import contextlib
import datetime
import fcntl
import json
import os
import socket
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from keraslab.data.integrity import write_text_atomic
from keraslab.errors import ConfigError, KeraslabError, one_line
from keraslab.training.run_dir import RunDirectory

HEARTBEAT_SECONDS = 20
HEARTBEAT_GRACE = 120
_MAXIMISED = ("accuracy", "auc", "precision", "recall", "f1", "r2", "reward", "return", "bleu", "score")


@dataclass
class TuneSettings:
    """Everything a worker needs, saved in the tune run's config.yaml."""

    preset: str  # a preset name or an absolute path to a YAML config
    search: list  # [[key, spec], ...] as given (re-checked when read)
    overrides: list = field(default_factory=list)  # fixed --set values for every trial
    objective: str = "val_loss"
    direction: str = "minimize"
    trials: int = 20
    timeout: float | None = None
    storage: str | None = None  # None: SQLite in the tune run
    study_name: str = ""
    pruner: str = "median"
    seed: int = 42
    backend: str | None = None
    smoke: bool = False
    runs_dir: str = "runs"
    workers: int = 1


def direction_of(objective):
    """'val_accuracy' -> maximize, 'val_loss' -> minimize; 'NAME:max' / 'NAME:min' say it outright."""
    name, _, stated = objective.partition(":")
    if stated:
        if stated not in ("min", "max"):
            raise ConfigError(f"--objective '{objective}': after ':' write min or max, e.g. {name}:max.")
        return name, "maximize" if stated == "max" else "minimize"
    return name, "maximize" if any(word in name for word in _MAXIMISED) else "minimize"


# -- the front door: everything checked before a backend is imported or a folder is made --------------


def prepare(preset, search=(), overrides=(), objective="val_loss", trials=20, timeout=None, storage=None,
            study_name=None, pruner="median", backend=None, smoke=False, runs_dir="runs", workers=1):
    """Check the whole request and return (TuneSettings, preset, schema, dimensions)."""
    import importlib.util

    if importlib.util.find_spec("optuna") is None:
        raise ConfigError("keraslab tune needs Optuna, which is not installed: pip install 'keraslab[tune]'.")
    from keraslab.config.resolve import resolve
    from keraslab.preflight import check_run
    from keraslab.tuning.space import parse_cli, parse_search

    chosen, schema, config = resolve(preset, overrides, smoke=smoke)
    entries = list(chosen.search.items()) + parse_cli(search)
    entries = list(dict(entries).items())  # the command line wins over the file's search block
    if not entries:
        raise ConfigError("keraslab tune needs a search space: --search KEY=KIND:RANGE (e.g. --search "
                          "learning_rate=log:1e-4..1e-2) or a 'search:' block in the YAML config.")
    dimensions = parse_search(entries, schema, chosen.source)
    fixed = {pair.split("=", 1)[0].strip() for pair in overrides}
    both = [d.key for d in dimensions if d.key in fixed]
    if both:
        raise ConfigError(f"Key '{both[0]}' is both fixed with --set and searched with --search; drop one.")
    for dimension in dimensions:  # every corner of the space must make a valid config
        for value in _corners(dimension):
            resolve(preset, [*overrides, f"{dimension.key}={value}"], smoke=smoke)
    check_run(schema, config, runs_dir)
    name, direction = direction_of(objective)
    from keraslab.backend import choose_backend

    backend = choose_backend(backend, chosen.task)  # fixed now, so every worker and a resume use the same
    if pruner not in ("median", "hyperband", "none"):
        raise ConfigError(f"--pruner '{pruner}' is not one of median, hyperband, none.")
    source = str(Path(preset).resolve()) if str(preset).endswith((".yaml", ".yml")) or "/" in str(preset) else preset
    settings = TuneSettings(preset=source, search=[[key, spec] for key, spec in entries],
                            overrides=list(overrides), objective=name, direction=direction, trials=trials,
                            timeout=timeout, storage=storage, study_name=study_name or "", pruner=pruner,
                            seed=config["seed"], backend=backend, smoke=smoke,
                            runs_dir=str(Path(runs_dir).resolve()), workers=workers)
    if storage is not None:
        open_storage(storage)
    return settings, chosen, schema, dimensions


def _corners(dimension):
    if dimension.kind == "cat":
        return dimension.choices
    return [repr(dimension.low), repr(dimension.high)]


def open_storage(url):
    """An Optuna RDB storage for `url`, or one line saying why it cannot be opened."""
    import optuna

    if "://" not in url:
        raise ConfigError(f"--storage '{url}' is not a database URL; write e.g. sqlite:///study.db or "
                          "postgresql://user@host/db.")
    kwargs = {"connect_args": {"timeout": 60}} if url.startswith("sqlite") else {}
    try:
        return optuna.storages.RDBStorage(url, engine_kwargs=kwargs)
    except Exception as error:  # sqlalchemy's many errors (dialect, driver, file, network) all mean the same
        raise ConfigError(f"--storage '{url}' cannot be opened ({type(error).__name__}: "
                          f"{one_line(error)[:160]}). Check the URL, its driver and that the database is reachable.") \
            from None


# -- the tune run ------------------------------------------------------------------------------------


class Tune:
    """A tune run directory and its study."""

    def __init__(self, run_dir, settings):
        self.run_dir = run_dir
        self.settings = settings

    @classmethod
    def create(cls, settings, preset_name):
        run_dir = RunDirectory.create(settings.runs_dir, f"tune-{preset_name}")
        if settings.storage is None:
            settings.storage = f"sqlite:///{run_dir.path.resolve() / 'study.db'}"
        settings.study_name = settings.study_name or f"{preset_name}-{run_dir.path.name}"
        run_dir.write_config({"task": "tune", **asdict(settings)}, {"preset": f"tune-{preset_name}", "kind": "tune"})
        tune = cls(run_dir, settings)
        tune.study(create=True)
        return tune

    @classmethod
    def existing(cls, path):
        run_dir = RunDirectory.existing(path)
        saved = run_dir.read_config()
        if saved.get("kind") != "tune":
            raise KeraslabError(f"'{path}' is a run of {saved.get('preset')}, not a tune run; give a folder under "
                                "runs/tune-<preset>/ (see keraslab runs).")
        values = {k: v for k, v in saved["config"].items() if k != "task"}
        return cls(run_dir, TuneSettings(**values))

    def save_settings(self):
        preset = self.run_dir.read_config()["preset"]
        self.run_dir.write_config({"task": "tune", **asdict(self.settings)}, {"preset": preset, "kind": "tune"})

    def study(self, create=False):
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        storage = open_storage(self.settings.storage)
        if create:
            study = optuna.create_study(storage=storage, study_name=self.settings.study_name,
                                        direction=self.settings.direction, load_if_exists=True)
            saved = study.user_attrs.get("keraslab")
            mine = {k: getattr(self.settings, k) for k in ("preset", "search", "objective", "direction")}
            if saved is None:
                study.set_user_attr("keraslab", mine)
            elif saved != mine:
                raise ConfigError(f"Study '{self.settings.study_name}' in {self.settings.storage} searches "
                                  f"{saved['preset']} over {saved['search']} for {saved['objective']}; join it with "
                                  "the same preset, --search and --objective, or give another --study-name.")
            return study
        try:
            return optuna.load_study(study_name=self.settings.study_name, storage=storage)
        except KeyError:
            raise KeraslabError(f"Study '{self.settings.study_name}' is not in {self.settings.storage}; the tune "
                                "run's database is gone or was replaced.") from None

    @contextlib.contextmanager
    def lock(self):
        """One worker at a time decides what runs next (workers on this machine share the tune folder)."""
        with open(self.run_dir.path / ".lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


# -- a worker ----------------------------------------------------------------------------------------


def work(tune, worker=0, deadline=None, quiet=True):
    """Run trials until the plan is met or the deadline passes; return how many this worker ran."""
    import optuna

    from keraslab.tuning.space import parse_search

    settings = tune.settings
    from keraslab.config.resolve import resolve

    _, schema, _ = resolve(settings.preset, settings.overrides, smoke=settings.smoke)
    dimensions = parse_search(settings.search, schema, "the tune run")
    study = tune.study()
    # Seeded by worker and by what the study holds already, so a resumed search or a second worker
    # does not draw the same first configurations again.
    sampler = optuna.samplers.TPESampler(seed=settings.seed + 1000 * worker + len(study.trials),
                                         n_startup_trials=min(10, max(2, settings.trials // 3)),
                                         constant_liar=True)
    study = optuna.load_study(study_name=settings.study_name, storage=study._storage, sampler=sampler,
                              pruner=_pruner(settings, schema))
    ran = 0
    while True:
        with tune.lock():
            requeue_lost(study)
            if deadline is not None and time.time() >= deadline:
                break
            if planned_left(study, settings.trials) <= 0:
                break
            trial = study.ask()
            for key, value in _worker_attrs().items():
                trial.set_user_attr(key, value)
        run_trial(tune, study, trial, dimensions, quiet=quiet)
        ran += 1
        with tune.lock():
            rows = write_table(tune, study)
        _stop_if_hopeless(rows)
    return ran


def _stop_if_hopeless(rows):
    """Three failures and nothing else: the preset or the space is broken, not unlucky. Say why, once."""
    finished = [r for r in rows if r["state"] in ("complete", "pruned", "fail") and "lost" not in r]
    if len(finished) >= 3 and all(r["state"] == "fail" for r in finished):
        raise KeraslabError(f"The first {len(finished)} trials all failed; the last: {finished[-1]['note']}. "
                            "Fix that (see trials.csv), then resume with --resume.")


def _worker_attrs():
    return {"host": socket.gethostname(), "pid": os.getpid(), "heartbeat": time.time()}


def _pruner(settings, schema):
    import optuna

    if settings.pruner == "none":
        return optuna.pruners.NopPruner()
    if settings.pruner == "hyperband":
        return optuna.pruners.HyperbandPruner()
    # Early epochs say little (every network starts badly): compare only after a fifth of the epochs.
    from keraslab.config.resolve import resolve

    epochs = resolve(settings.preset, settings.overrides, smoke=settings.smoke)[2].get("epochs", 5)
    return optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=max(1, int(epochs) // 5))


def planned_left(study, planned):
    """Trials still to start: the plan less every trial that ran, runs or waits (lost ones excepted)."""
    from optuna.trial import TrialState

    trials = study.get_trials(deepcopy=False)
    if any(t.state == TrialState.WAITING for t in trials):
        return max(1, planned - _counted(trials))
    return planned - _counted(trials)


def _counted(trials):
    from optuna.trial import TrialState

    return sum(1 for t in trials if not (t.state == TrialState.FAIL and t.user_attrs.get("lost")))


def requeue_lost(study):
    """A running trial whose worker is gone is filed as lost and queued again with the same parameters."""
    from optuna.trial import TrialState

    storage = study._storage
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        reason = _gone(trial)
        if reason is None:
            continue
        storage.set_trial_user_attr(trial._trial_id, "lost", reason)
        try:
            storage.set_trial_state_values(trial._trial_id, TrialState.FAIL)
        except RuntimeError:  # finished meanwhile: its worker was alive after all
            continue
        study.enqueue_trial(trial.params, user_attrs={"retry_of": trial.number}, skip_if_exists=False)


def _gone(trial):
    attrs = trial.user_attrs
    host, pid = attrs.get("host"), attrs.get("pid")
    if host is None:  # asked but not yet marked (the worker died in between?): give it its grace period
        started = trial.datetime_start.timestamp() if trial.datetime_start else time.time()
        return f"no worker took it for {HEARTBEAT_GRACE} s" if time.time() - started > HEARTBEAT_GRACE else None
    if host == socket.gethostname() and isinstance(pid, int):
        return None if _alive(pid) else f"worker {pid} on {host} stopped"
    if time.time() - attrs.get("heartbeat", 0) > HEARTBEAT_GRACE:
        return f"worker {pid} on {host} sent no heartbeat for {HEARTBEAT_GRACE} s"
    return None


def _alive(pid):
    from keraslab.training.run_dir import _alive as alive_status

    return alive_status({"pid": pid, "host": socket.gethostname()})


def run_trial(tune, study, trial, dimensions, quiet=True):
    from optuna.trial import TrialState

    from keraslab.api import run
    from keraslab.tuning.pruning import pruning_callback

    settings = tune.settings
    chosen = [f"{d.key}={d.suggest(trial)}" for d in dimensions]
    _activate_backend(settings)  # before the callback imports Keras
    pruner = pruning_callback(trial, settings.objective)
    heartbeat = _Heartbeat(study._storage, trial._trial_id)
    started = time.perf_counter()
    label = f"trial {trial.number}: {' '.join(chosen)}"

    def on_start(run_dir):
        trial.set_user_attr("run", str(run_dir.path))

    try:
        with heartbeat:
            result = run(settings.preset, overrides=[*settings.overrides, *chosen], backend=settings.backend,
                         runs_dir=settings.runs_dir, smoke=settings.smoke, quiet=True, callbacks=[pruner],
                         on_start=on_start)
    except KeyboardInterrupt:
        trial.set_user_attr("lost", "interrupted")
        study.tell(trial, state=TrialState.FAIL)
        study.enqueue_trial(trial.params, user_attrs={"retry_of": trial.number}, skip_if_exists=False)
        raise
    except KeraslabError as error:  # a configuration that cannot train (diverged, too big) is a failed trial
        trial.set_user_attr("error", one_line(error))
        trial.set_user_attr("seconds", time.perf_counter() - started)
        study.tell(trial, state=TrialState.FAIL)
        _say(quiet, f"{label}: failed ({one_line(error)[:120]})")
        return
    trial.set_user_attr("seconds", time.perf_counter() - started)
    _clear_session()
    if pruner.pruned_at is not None:
        mark_pruned(RunDirectory(result.run_dir), trial.number, pruner.pruned_at)
        study.tell(trial, state=TrialState.PRUNED)
        _say(quiet, f"{label}: pruned after {pruner.pruned_at} epochs")
        return
    try:
        value = objective_value(result.metrics, result.history, settings.objective, settings.direction)
    except KeraslabError as error:  # the search asks for a figure the preset does not make: stop, say which
        trial.set_user_attr("error", one_line(error))
        study.tell(trial, state=TrialState.FAIL)
        raise
    study.tell(trial, value)
    _say(quiet, f"{label}: {settings.objective}={value:.6g}")


def mark_pruned(run_dir, number, epochs):
    """A pruned trial's run finished normally (evaluated, saved), so it stays complete, but its status and
    facts say it was cut short: `keraslab runs` shows the reason beside its figures."""
    run_dir.write_status("complete", f"pruned by keraslab tune (trial {number}) after {epochs} epochs")
    run_dir.write_results(run_dir.metrics(), {**run_dir.facts(), "pruned_after_epochs": epochs,
                                              "tune_trial": number})


def _activate_backend(settings):
    from keraslab import backend
    from keraslab.config.presets import load_preset

    backend.activate(backend.choose_backend(settings.backend, load_preset(settings.preset).task))


def _say(quiet, text):
    if not quiet:
        print(text, flush=True)


def _clear_session():
    """The next trial builds its model from nothing: Keras's global state and Python's garbage go."""
    import gc

    import keras

    keras.backend.clear_session()
    gc.collect()


def objective_value(metrics, history, objective, direction):
    """The trial's figure: a metric of the run, else the best value of a history column."""
    if objective in metrics and isinstance(metrics[objective], (int, float)):
        return float(metrics[objective])
    values = history.get(objective)
    if values:
        return float(max(values) if direction == "maximize" else min(values))
    raise KeraslabError(f"--objective '{objective}' is neither a metric of the trial's run ("
                        f"{', '.join(metrics) or 'none'}) nor a column of its history ({', '.join(history) or 'none'}). "
                        "Pick one of those.")


class _Heartbeat:
    """A thread that tells the study every HEARTBEAT_SECONDS that this trial's worker lives."""

    def __init__(self, storage, trial_id):
        self.storage, self.trial_id = storage, trial_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self):
        while not self.stop.wait(HEARTBEAT_SECONDS):
            with contextlib.suppress(Exception):  # a finished trial takes no attributes; the next beat stops
                self.storage.set_trial_user_attr(self.trial_id, "heartbeat", time.time())

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


# -- several workers ---------------------------------------------------------------------------------


def run_workers(tune, count, deadline=None, quiet=True):
    """`count` worker processes on one study; then this process finishes whatever a dead worker left."""
    import subprocess

    command = [sys.executable, "-m", "keraslab.tuning.worker", str(tune.run_dir.path)]
    processes = [subprocess.Popen([*command, str(index), str(deadline or ""), "1" if quiet else "0"])
                 for index in range(count)]
    tune.run_dir.write_status("running")
    try:
        for process in processes:
            process.wait()
    except KeyboardInterrupt:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()
        raise
    # A worker killed after the others stopped leaves its trial to nobody: finish the plan here.
    return work(tune, worker=count, deadline=deadline, quiet=quiet)


# -- what the tune run keeps -------------------------------------------------------------------------


def write_table(tune, study):
    """trials.csv: one row per trial with its state, value, parameters, run and the run's test figures."""
    import csv
    import io

    rows = trial_rows(study)
    params = list(dict.fromkeys(key for row in rows for key in row["params"]))
    tests = list(dict.fromkeys(key for row in rows for key in row["test"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["trial", "state", tune.settings.objective, *params, *tests, "seconds", "run", "note"])
    for row in rows:
        writer.writerow([row["number"], row["state"], _cell(row["value"]), *(row["params"].get(p, "") for p in params),
                         *(_cell(row["test"].get(t)) for t in tests), _cell(row["seconds"], 1), row["run"],
                         row["note"]])
    write_text_atomic(tune.run_dir.path / "trials.csv", buffer.getvalue())
    return rows


def trial_rows(study):
    rows = []
    for trial in study.get_trials(deepcopy=False):
        run = trial.user_attrs.get("run", "")
        metrics = RunDirectory(run).metrics() if run else {}
        note = trial.user_attrs.get("lost") or trial.user_attrs.get("error") or ""
        if "retry_of" in trial.user_attrs:
            note = f"retry of trial {trial.user_attrs['retry_of']}" + (f"; {note}" if note else "")
        row = {"number": trial.number, "state": trial.state.name.lower(), "value": trial.value,
                     "params": dict(trial.params), "run": run, "seconds": trial.user_attrs.get("seconds"),
                     "test": {k: v for k, v in metrics.items() if k.startswith("test_") and _is_number(v)},
                     "note": note}
        if trial.user_attrs.get("lost"):
            row["lost"] = True
        rows.append(row)
    return rows


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cell(value, digits=6):
    if value is None:
        return ""
    return f"{value:.{digits}g}" if isinstance(value, float) else value


def finish(tune, study, started, quiet=False):
    """The tune run's results: table, best config, pictures, metrics.json and a complete status."""
    from optuna.trial import TrialState

    settings = tune.settings
    rows = write_table(tune, study)
    counts = {state: sum(1 for r in rows if r["state"] == state) for state in ("complete", "pruned", "fail")}
    complete = [t for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))]
    metrics = {"trials_complete": counts["complete"], "trials_pruned": counts["pruned"],
               "trials_failed": counts["fail"]}
    facts = {"wall_seconds": time.time() - started, "storage": settings.storage, "study_name": settings.study_name,
             "workers": settings.workers, "smoke": settings.smoke, "preset": f"tune-{_preset_name(settings)}"}
    if complete:
        best = study.best_trial
        metrics.update({f"best_{settings.objective}": best.value, "best_trial": best.number})
        best_run = best.user_attrs.get("run", "")
        metrics.update({k: v for k, v in RunDirectory(best_run).metrics().items()
                        if k.startswith("test_") and _is_number(v)} if best_run else {})
        path, typed = write_best_config(tune, best)
        # Optuna hands categorical choices back as the strings they were declared as ("32"); the facts carry
        # them typed by the preset's schema, as best.yaml does.
        facts.update(best_run=best_run, best_config=str(path),
                     best_params={key: typed.get(key, value) for key, value in best.params.items()})
        facts["plots"] = save_plots(tune, study)
    tune.run_dir.write_results(metrics, facts)
    tune.run_dir.write_status("complete" if complete else "failed",
                              None if complete else "no trial completed; see trials.csv")
    return metrics, facts, rows


def _preset_name(settings):
    return Path(settings.preset).stem if settings.preset.endswith((".yaml", ".yml")) else settings.preset


def write_best_config(tune, best):
    """best.yaml: the preset's config with the fixed --set values and the best trial's parameters, typed,
    as a preset file that `keraslab run best.yaml` takes; (its path, the typed config)."""
    from keraslab.config.overrides import merge, parse_overrides
    from keraslab.config.presets import load_preset
    from keraslab.config.schemas import schema_for

    settings = tune.settings
    preset = load_preset(settings.preset)
    schema = schema_for(preset.task, preset.source)
    chosen = merge(parse_overrides(settings.overrides), dict(best.params))
    config = merge(preset.config, chosen)
    where = f"the best trial of {tune.run_dir.path}"
    typed = {key: schema.field(key).coerce(value, where) if key in schema._by_name and not isinstance(value, dict)
             else value for key, value in config.items()}
    document = {"lesson": preset.lesson,
                "summary": f"{preset.name} tuned by keraslab tune: trial {best.number} of {tune.run_dir.path.name}, "
                           f"{settings.objective} {best.value:.6g}",
                "task": preset.task, "config": typed}
    if preset.backends != ("tensorflow", "jax", "torch"):
        document.update(backends=list(preset.backends), backends_why=preset.backends_why)
    path = tune.run_dir.path / "best.yaml"
    write_text_atomic(path, yaml.safe_dump(document, sort_keys=False))
    return path, typed


def save_plots(tune, study):
    """Optimisation history and parameter importance, drawn by Optuna's matplotlib helpers (offline)."""
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    import optuna

    from keraslab.plots.save import save_figure

    saved = []
    drawers = {"optimization_history.png": optuna.visualization.matplotlib.plot_optimization_history,
               "param_importances.png": optuna.visualization.matplotlib.plot_param_importances}
    for name, draw in drawers.items():
        # Optuna's helpers switch matplotlib to its ggplot style for good (plt.style.use); rc_context puts
        # the caller's settings back once the picture is saved.
        with matplotlib.rc_context():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # Optuna marks its matplotlib helpers experimental
                    axes = draw(study)
            except (RuntimeError, ValueError) as error:  # importance needs two or more finished trials
                saved.append(f"{name}: not drawn ({one_line(error)[:100]})")
                continue
            figure = axes.figure if hasattr(axes, "figure") else axes[0].figure
            figure.set_size_inches(8, 5)
            figure.tight_layout()
            saved.append(str(save_figure(figure, tune.run_dir.plots / name)))
    return saved


def now():
    return datetime.datetime.now().isoformat(timespec="seconds")


def describe(metrics, facts, rows, tune):
    """A few lines for the terminal."""
    lines = [f"tune run: {tune.run_dir.path}",
             f"trials: {metrics['trials_complete']} complete, {metrics['trials_pruned']} pruned, "
             f"{metrics['trials_failed']} failed"]
    objective = tune.settings.objective
    if f"best_{objective}" in metrics:
        tests = ", ".join(f"{k}={v:.4g}" for k, v in metrics.items() if k.startswith("test_"))
        lines.append(f"best: trial {metrics['best_trial']} {objective}={metrics[f'best_{objective}']:.6g}"
                     + (f" ({tests})" if tests else "") + f" {json.dumps(facts['best_params'])}")
        lines.append(f"best config: {facts['best_config']}  (keraslab run {facts['best_config']})")
    return "\n".join(lines)
