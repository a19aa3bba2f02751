"""How the `normkit` program ends: its output flushed, exit handlers run, then at once.

When a command returns, Python would tear the whole heap down object by object before the
process ends: the model, the parsed chapters, every module. The kernel frees the process's
memory in one step anyway, so that work only delays the exit, and it grows with the project
(~0.14 s at 10,000 criteria). Compilers that build a large graph and exit (GCC, Clang with
`-disable-free`) skip it the same way. What the teardown would do that matters is done
first: the standard streams are flushed and the exit handlers (`atexit`: worker pools,
`weakref.finalize`, logging) run. It is skipped only where that is all there is to do: an
exit code (no message to print), no other thread that Python would wait for, streams that
flushed. Otherwise the process ends as usual.

Only the program does this (`run`, the console script and `python -m normkit`): a caller
of `cli.main` in its own process (tests through click's `CliRunner`, a script) gets the
usual `SystemExit`.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable

_ENDING: list[bool] = [False]


def ends_with_command() -> bool:
    """Whether this process ends once its command returns (`run`: the program), rather
    than going on (a test's `CliRunner`, a script calling `cli.main`)."""
    return _ENDING[0]


def run(main: Callable[[], object]) -> None:
    """`main()` (a click command in standalone mode, which ends by `SystemExit`), then the
    process ends without freeing its heap where that is safe (see above)."""
    _ENDING[0] = True
    try:
        main()
    except SystemExit as stop:
        code = stop.code
        if code is None or type(code) is int:
            end_now(code or 0)
        raise  # a message to print, or not safe to end now: Python's own exit
    end_now(0)


def end_now(code: int) -> None:
    """End the process with `code` after flushing and the exit handlers, or return (and
    the caller exits as usual) if another thread is running or a stream fails to flush."""
    if any(thread.is_alive() and not thread.daemon for thread in _others()):
        return  # Python would wait for it: so do we, the usual way
    try:
        for stream in {sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__}:
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return  # a closed or broken stream: Python's exit reports it as it always does
    atexit._run_exitfuncs()
    os._exit(code)


def _others() -> list[threading.Thread]:
    main = threading.main_thread()
    return [thread for thread in threading.enumerate() if thread is not main]
