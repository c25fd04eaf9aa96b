"""One tuning worker in its own process (started by `keraslab tune --workers N`):

    python -m keraslab.tuning.worker TUNE_RUN_DIR INDEX [DEADLINE] [QUIET]
"""

import sys


def main(argv):
    from keraslab.tuning.study import Tune, work

    path, index = argv[0], int(argv[1])
    deadline = float(argv[2]) if len(argv) > 2 and argv[2] else None
    quiet = len(argv) > 3 and argv[3] == "1"
    try:
        work(Tune.existing(path), worker=index, deadline=deadline, quiet=quiet)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
