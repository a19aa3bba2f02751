"""A forked child (`forking.RecordsChild`) is never left behind: not when the wait for it
is stopped by a signal."""

from __future__ import annotations

import os
import signal
import time
from types import FrameType

import pytest

import normkit.forking
from normkit.forking import RecordsChild


def _interrupt(number: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def test_a_child_is_killed_when_the_wait_for_it_is_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Forked whatever threads earlier tests in this process left: the child only sleeps.
    monkeypatch.setattr(normkit.forking, "fork_is_safe", lambda: True)
    child = RecordsChild()
    child.fork("test-records", lambda buffer: time.sleep(60))
    assert child.child is not None
    pid = child.child[0]
    previous = signal.signal(signal.SIGALRM, _interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with pytest.raises(KeyboardInterrupt):
            child.reap(wanted=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped
