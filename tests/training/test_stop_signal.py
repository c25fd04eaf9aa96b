"""SIGTERM stops a run even where Python swallows the KeyboardInterrupt its handler raises."""

import os
import signal
import sys

import pytest

from keraslab.training.stop_signal import raise_if_stopped, sigterm_as_interrupt


class SignalledWhileFreed:
    """Sends SIGTERM to this process from its __del__, so the handler runs inside it: Python then prints
    "Exception ignored in" and goes on, as it does for a tf.data iterator freed between epochs."""

    def __del__(self):
        os.kill(os.getpid(), signal.SIGTERM)


def test_a_sigterm_raises_keyboard_interrupt_and_the_old_handler_comes_back():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt, match="signal 15"):
        with sigterm_as_interrupt():
            os.kill(os.getpid(), signal.SIGTERM)
            pytest.fail("the signal did not interrupt")
    assert signal.getsignal(signal.SIGTERM) is before
    raise_if_stopped()  # a new run starts from no signal


def test_a_swallowed_sigterm_still_stops_the_run(monkeypatch):
    swallowed = []
    monkeypatch.setattr(sys, "unraisablehook", swallowed.append)  # where "Exception ignored in" goes
    reached_the_end = False
    with pytest.raises(KeyboardInterrupt, match="signal 15"):
        with sigterm_as_interrupt():
            SignalledWhileFreed()  # freed at once; its KeyboardInterrupt is swallowed
            assert [type(record.exc_value) for record in swallowed] == [KeyboardInterrupt]
            with pytest.raises(KeyboardInterrupt):
                raise_if_stopped()  # what the next epoch's start asks
            reached_the_end = True
    assert reached_the_end
