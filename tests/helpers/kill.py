"""Stop a run dead right after its Nth checkpoint, in this process, as SIGKILL would stop it.

No handler of keraslab's runs (the exception is not an Exception) and the status stays 'running'; then
`mark_dead` points that status at a finished process, so the run reads as interrupted and can be resumed.
"""

import contextlib
import json
import subprocess
import sys
from pathlib import Path


class SimulatedKill(BaseException):
    """Raised right after a checkpoint is written; not an Exception, so no handler of keraslab's sees it."""


@contextlib.contextmanager
def kill_after_checkpoints(count=1):
    """Inside the block, every epoch is checkpointed (not only when training has outlasted the last write
    many times over), so the `count`-th checkpoint is the `count`-th epoch's, and it raises SimulatedKill."""
    from keraslab.training import checkpoints, epoch_bookkeeping

    written = []

    def kill():
        written.append(1)
        if len(written) == count:
            raise SimulatedKill

    original, checkpoints._maybe_exit_for_test = checkpoints._maybe_exit_for_test, kill
    ratio, epoch_bookkeeping.CHECKPOINT_COST_RATIO = epoch_bookkeeping.CHECKPOINT_COST_RATIO, 0
    try:
        yield
    finally:
        checkpoints._maybe_exit_for_test = original
        epoch_bookkeeping.CHECKPOINT_COST_RATIO = ratio


def run_killed(start, preset_folder, after=1):
    """Call `start()` (a keraslab.run), killed after its `after`-th checkpoint; return the killed run's folder,
    marked as left by a dead process. Fails the test when the run ends before that checkpoint."""
    with kill_after_checkpoints(after):
        try:
            start()
        except SimulatedKill:
            pass
        else:
            raise AssertionError(f"the run ended before its checkpoint number {after}")
    killed = max(Path(preset_folder).iterdir())
    mark_dead(killed)
    return killed


def mark_dead(run_dir):
    """The killed run's status names this (still living) process; point it at a finished one."""
    status = json.loads((Path(run_dir) / "status.json").read_text())
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    status["pid"] = gone.pid
    (Path(run_dir) / "status.json").write_text(json.dumps(status))
