"""keraslab tune PRESET --search KEY=KIND:RANGE ...: an Optuna search whose trials are keraslab runs.

    keraslab tune concrete-regression --search learning_rate=log:1e-4..1e-2 \
        --search hidden_units=cat:64|128,64|256,128,64 --trials 30
    keraslab tune my.yaml                      # a config with a search: block
    keraslab tune --resume runs/tune-concrete-regression/<id>     # after a crash or Ctrl-C

Kinds: float:LOW..HIGH[:STEP], log:LOW..HIGH, int:LOW..HIGH[:STEP], logint:LOW..HIGH, cat:A,B,...
(list-valued keys separate choices with '|'). See docs/tuning.md.
"""

from keraslab.commands import add_set_option, bounded_float, bounded_int


def register(subparsers):
    parser = subparsers.add_parser("tune", help="search a preset's hyperparameters with Optuna; each trial is a run")
    parser.add_argument("preset", nargs="?", metavar="PRESET|FILE.yaml")
    parser.add_argument("--search", action="append", default=[], metavar="KEY=KIND:RANGE",
                        help="a searched key (repeatable): log:1e-4..1e-2, int:32..512, float:0..0.5, cat:adam,sgd")
    add_set_option(parser)
    parser.add_argument("--trials", type=bounded_int(1), default=None, help="trials to run in all (default 20)")
    parser.add_argument("--timeout", type=bounded_float(0, low_exclusive=True), default=None, metavar="SECONDS",
                        help="start no trial after this many seconds")
    parser.add_argument("--objective", default=None, metavar="NAME[:min|max]",
                        help="a metric of the run or a history column (default val_loss; accuracy-like names "
                             "are maximised)")
    parser.add_argument("--pruner", default=None, choices=("median", "hyperband", "none"),
                        help="stop hopeless trials early (default median)")
    parser.add_argument("--storage", default=None, metavar="URL",
                        help="the study's database (default: SQLite in the tune run), e.g. postgresql://host/db")
    parser.add_argument("--study-name", default=None, help="join this study in --storage (from other machines)")
    parser.add_argument("--workers", type=bounded_int(1, 64), default=None, help="processes sharing the study")
    parser.add_argument("--backend", default=None, help="tensorflow, jax, torch or auto")
    parser.add_argument("--runs-dir", default="runs", help="where the tune run and trial runs go (default: runs)")
    parser.add_argument("--smoke", action="store_true", help="every trial on a tiny slice, in seconds")
    parser.add_argument("--quiet", action="store_true", help="no line per trial")
    parser.add_argument("--resume", metavar="TUNE_DIR", help="continue a tune run (lost trials run again)")
    parser.set_defaults(handler=handle)


def handle(args):
    import time

    from keraslab.errors import ConfigError, KeraslabError
    from keraslab.tuning.study import Tune, describe, finish, prepare, run_workers, work

    started = time.time()
    if args.resume is not None:
        given = [name for name, value in (("PRESET", args.preset), ("--search", args.search),
                                           ("--set", args.overrides), ("--objective", args.objective),
                                           ("--pruner", args.pruner), ("--storage", args.storage),
                                           ("--study-name", args.study_name), ("--smoke", args.smoke)) if value]
        if given:
            raise ConfigError(f"--resume continues a tune run with its saved search; it cannot also take {given[0]}. "
                              "Drop it (--trials, --timeout and --workers may change).")
        tune = Tune.existing(args.resume)
        if tune.run_dir.state() == "running":
            raise KeraslabError(f"Tune run {tune.run_dir.path} is still running (process "
                                f"{tune.run_dir.status().get('pid')}); wait for it or stop it first.")
        for name in ("trials", "timeout", "workers"):
            if getattr(args, name) is not None:
                setattr(tune.settings, name, getattr(args, name))
        tune.save_settings()
    else:
        if args.preset is None:
            raise ConfigError("keraslab tune needs a PRESET (see keraslab list), a FILE.yaml, or --resume TUNE_DIR.")
        settings, chosen, _, _ = prepare(args.preset, args.search, args.overrides, objective=args.objective or "val_loss",
                                         trials=args.trials or 20, timeout=args.timeout, storage=args.storage,
                                         study_name=args.study_name, pruner=args.pruner or "median",
                                         backend=args.backend, smoke=args.smoke, runs_dir=args.runs_dir,
                                         workers=args.workers or 1)
        tune = Tune.create(settings, chosen.name)
    settings = tune.settings
    deadline = started + settings.timeout if settings.timeout else None
    tune.run_dir.write_status("running")
    if not args.quiet:
        print(f"tuning {settings.preset}: {settings.trials} trials, {settings.objective} ({settings.direction}), "
              f"study {settings.study_name} in {settings.storage}", flush=True)
    try:
        if settings.workers == 1:
            work(tune, deadline=deadline, quiet=args.quiet)
        else:
            run_workers(tune, settings.workers, deadline=deadline, quiet=args.quiet)
    except KeraslabError as error:
        tune.run_dir.write_status("failed", str(error))
        raise
    except KeyboardInterrupt:
        hint = f"continue with: keraslab tune --resume {tune.run_dir.path}"
        tune.run_dir.write_status("interrupted", hint)
        raise KeyboardInterrupt(hint) from None
    metrics, facts, rows = finish(tune, tune.study(), started)
    print(describe(metrics, facts, rows, tune))
