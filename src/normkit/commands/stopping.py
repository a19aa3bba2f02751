"""How a command stopped by a signal ends: its clean-up done, then as the signal says.

By default SIGTERM (`kill`, a service manager) and SIGHUP (a closed terminal) end a Python
process at once: no `finally` block runs, so a build would leave its temporary folders
(pandoc's, Pagefind's) and the workers' would be left with them. `stopped_by_signals`
turns them into `Stopped`, raised in the main thread wherever it is, so that the clean-up
runs as for Ctrl-C's KeyboardInterrupt; then the process ends by that same signal, so that
its parent learns how it ended.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from normkit.signals import signal

STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
"""How a command is stopped: by a service manager or `kill` (SIGTERM), its terminal closing
(SIGHUP), Ctrl-C (SIGINT)."""
BUILD_STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Those `normkit build` turns into `Stopped`; Ctrl-C raises KeyboardInterrupt already."""


class Stopped(BaseException):
    """A stopping signal arrived: raised in the main thread, so that the `finally` blocks run,
    whatever it was doing. A BaseException, like KeyboardInterrupt: no `except Exception`
    swallows it."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _stop(number: int, frame: FrameType | None) -> None:
    raise Stopped(number)


@contextmanager
def stopped_by_signals(numbers: Sequence[int] = STOPPING_SIGNALS) -> Iterator[None]:
    """Turn `numbers` into `Stopped` within the block (those ignored on purpose, as by `nohup`
    or for a background job, stay ignored); if the block ends by `Stopped`, end the process
    as that signal would have, or for SIGINT (Ctrl-C) return as from a normal end."""
    previous = {number: signal.getsignal(number) for number in numbers}
    for number, handler in previous.items():
        if handler != signal.SIG_IGN:  # (a number, or a member of `signal`'s enum)
            signal.signal(number, _stop)
    try:
        yield
    except Stopped as stop:
        for number in numbers:
            signal.signal(number, signal.SIG_DFL)
        if stop.number == signal.SIGINT:
            return
        os.kill(os.getpid(), stop.number)
    finally:
        for number, handler in previous.items():
            if handler is not None:
                signal.signal(number, handler)


def ignoring_signals(numbers: Sequence[int] = STOPPING_SIGNALS) -> None:
    """From now on, ignore `numbers`: while what must not be left half done is done."""
    for number in numbers:
        signal.signal(number, signal.SIG_IGN)
