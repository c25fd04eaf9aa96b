"""SIGTERM (a scheduler, `kill`, a closing terminal) stops a run as Ctrl-C does: marked interrupted,
resumable from its last checkpoint.

The handler raises KeyboardInterrupt wherever the main thread is. Where that is inside a `__del__` or a
weakref callback (a tf.data iterator freed between epochs is one), Python prints "Exception ignored in"
and carries on, so the signal is also remembered: the next epoch does not start, and a run that still gets
to its end is stopped there, never marked complete.
"""

import contextlib
import signal

_received = []


@contextlib.contextmanager
def sigterm_as_interrupt():
    def interrupt(signum, frame):
        _received.append(signum)
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals to whoever owns them
        yield
        return
    _received.clear()
    try:
        yield
        raise_if_stopped()
    finally:
        signal.signal(signal.SIGTERM, previous)
        _received.clear()


def raise_if_stopped():
    """Raise the KeyboardInterrupt of a SIGTERM that Python swallowed; nothing if none came."""
    if _received:
        raise KeyboardInterrupt(f"signal {_received[0]}")
