"""Writing a build's outputs side by side on `--jobs` worker processes.

Outputs are independent (each reads only the model), so they run at the same time. Writers
that render many documents (PDF, DOCX) run in a thread of the main process and send each
document to the shared pool of workers; the other writers (site, diff, JSON) are one task
each, longest first. `--jobs` bounds the worker processes, hence the cores in use.

Workers are forked from the build itself when that is safe: the model and every module the
build imported are then already in them, with nothing to pickle, send, unpickle or import
again (about a second of CPU per build at 1,000 criteria). Forking is safe while this
process runs no other thread: not a Python thread (the progress bars start none: they are
redrawn when they change) and not a native one that may hold a lock the child would
inherit held (typst's, once it has laid out a document here: `native_threads_started`).
Otherwise workers come from a fork server, a clean process that imports normkit's writers
once (`PRELOAD`) and receives the model pickled.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

from normkit.environment import file_system_failures
from normkit.forking import _native_threads as _native_threads  # tests reset it
from normkit.forking import default_jobs as default_jobs
from normkit.forking import fork_is_safe as fork_is_safe
from normkit.forking import native_threads_started as native_threads_started
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.registry import LONGEST_FIRST, Output, load_writer
from normkit.progress import Progress
from normkit.signals import signal

if TYPE_CHECKING:
    # Imported where workers start: a build of one whole output (`--only json`, `--only
    # site`) or with `--jobs 1` starts none, and multiprocessing with concurrent.futures
    # costs 130 M instructions to import (callgrind), a tenth of a small build's start.
    from concurrent.futures import Executor, Future, ProcessPoolExecutor

Result = TypeVar("Result")
PRELOAD = [
    "normkit.cli",  # each worker runs the `normkit` script as its main module, guarded
    "normkit.outputs.json.writer",
    "normkit.outputs.pdf.writer",
    "normkit.outputs.docx.writer",
    "normkit.outputs.diff.writer",
    "normkit.outputs.oscal.writer",
    "normkit.outputs.checklists.writer",
    "normkit.outputs.crosswalks.writer",
    "normkit.outputs.site.writer",
]
"""Imported once by the fork server, so that each worker starts with them loaded."""


def _forkserver() -> Any:
    # forkserver, not fork: a worker must not inherit this process's threads (typst's Rust
    # threads, or any other) mid-lock, nor the build folder's lock.
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_workers_early() -> None:
    """Start the fork server (and its imports) now, while the sources are being checked,
    unless the workers will most likely be forked from this process (`fork_is_safe`)."""
    if fork_is_safe():
        return
    _forkserver()
    from multiprocessing import forkserver

    forkserver.ensure_running()


def stop_workers() -> None:
    """Stop the fork server and wait for it (it has reaped the workers), so that the
    build's CPU time is accounted to this process like any child's, and nothing outlives
    the command. Uses multiprocessing's own stop, kept for its tests; absent, it is skipped."""
    forkserver = sys.modules.get("multiprocessing.forkserver")
    if forkserver is None:
        return  # never imported, so never started
    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if callable(stop):
        stop()


def find_temporary_folder() -> None:
    """Have `tempfile` choose the temporary folder now, with the stopping signals held back.

    Python chooses it on first use by creating a file with a random name there (`gbl4nl_n`)
    and removing it; a signal whose handler raises (`_end_worker`, the build's `Stopped`)
    can arrive between the two, and the file is left behind in the user's temporary folder.
    Called before workers are forked, so that they inherit the choice, and in each worker
    (those from the fork server do not)."""
    import tempfile

    held = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        tempfile.gettempdir()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _worker_setup(parent: int, umask: int) -> None:
    """In each worker: the build's umask (the fork server may have started under another),
    and exit when the build is gone (killed, even by SIGKILL) instead of finishing its task
    for nobody and holding memory."""
    os.umask(umask)
    find_temporary_folder()
    # The build stops its workers with SIGTERM (`_stop`), and Ctrl-C reaches them too: a
    # worker then ends its task the way an error would, so that the task's tools are stopped
    # and their temporary folders removed, instead of ending at once and leaving them; and it
    # runs no other task (`_unless_stopped`). A forked worker would otherwise inherit the
    # build's own handlers.
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, _end_worker)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    # A forked worker also inherits the progress bars' stand-ins for stdout and stderr
    # (rich redirects them to draw above the bars): what a worker prints goes to the real
    # streams, never through a copy of the parent's display.
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os.kill(os.getpid(), signal.SIGTERM)  # as if stopped: its task cleans up
                time.sleep(WORKER_GRACE)
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="normkit-parent-watch").start()


WORKER_GRACE = 5.0
"""Seconds a worker whose build is gone has to clean up before it ends regardless."""


_stopped = False
"""In a worker: the build stopped it; the tasks already queued for it are not run."""


def _end_worker(number: int, frame: FrameType | None) -> None:
    """SIGTERM or SIGINT in a worker: `SystemExit` in its main thread, so that `finally`
    blocks and `with` exits run (`subprocess.run` kills its tool, a `TemporaryDirectory` is
    removed). Raised in a task, it is the task's error, and the worker skips the tasks left
    in its queue until the pool tells it to end; raised while the worker waits for a task,
    it ends the worker quietly. Only the first signal does: Ctrl-C reaches the workers and
    then the build stops them with SIGTERM, and a second `SystemExit` would cut short the
    clean-up the first one started (a half-removed temporary folder left behind)."""
    global _stopped
    if _stopped:
        return
    _stopped = True
    raise SystemExit(128 + number)


def _unless_stopped(function: Callable[..., Result], /, *args: Any) -> Result:
    """Every task of a pool (`worker_pool`): `function(*args)`, unless the worker was stopped."""
    if _stopped:
        raise SystemExit(128 + signal.SIGTERM)
    return function(*args)


@contextmanager
def worker_pool(jobs: int, forked: bool = False) -> Iterator[ProcessPoolExecutor]:
    """`jobs` worker processes: `forked` from this one (the caller checked `fork_is_safe`),
    then all started at once, before this function returns, so before any thread of the
    build starts; else from the fork server."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    class Workers(ProcessPoolExecutor):
        def submit(
            self, function: Callable[..., Result], /, *args: Any, **kwargs: Any
        ) -> Future[Result]:
            assert not kwargs, kwargs
            return super().submit(_unless_stopped, function, *args)

    umask = os.umask(0o022)
    os.umask(umask)
    find_temporary_folder()
    pool = Workers(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork") if forked else _forkserver(),
        initializer=_worker_setup,
        initargs=(os.getpid(), umask),
    )
    if forked:
        # With fork, the first task starts every worker (and only then the pool's own
        # management thread): start them now, while this process is still single-threaded.
        pool.submit(os.getpid)
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """A failed or stopped build does not wait for the other outputs: stop the workers now,
    and wait until they have stopped their tools and removed their temporary folders (at
    most `WORKER_GRACE` seconds; then they are killed)."""
    from multiprocessing.connection import wait

    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    ending = {process.sentinel: process for process in processes}
    deadline = time.monotonic() + WORKER_GRACE
    while ending and (left := deadline - time.monotonic()) > 0:
        for ended in wait(list(ending), left):
            del ending[ended]
    for process in ending.values():
        process.kill()


def local_map(function: Callable[[Any], Result], items: Sequence[Any], jobs: int) -> list[Result]:
    """For a writer called on its own: in this process, or on a pool of its own."""
    if jobs <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    with worker_pool(min(jobs, len(items))) as pool:
        return list(pool.map(function, items))


class PoolTasks:
    """`context.tasks` of a document-rendering writer: documents go to the shared pool."""

    def __init__(self, pool: Executor | None, output: str, progress: Progress) -> None:
        self.pool = pool
        self.output = output
        self.progress = progress

    def map(
        self, function: Callable[[Any], Result], items: Sequence[Any], names: Sequence[str]
    ) -> list[Result]:
        self.progress.documents(self.output, len(items))
        if self.pool is None:
            results = []
            for item, name in zip(items, names, strict=True):
                results.append(function(item))
                self.progress.document_done(self.output, name)
            return results
        futures = [self.pool.submit(function, item) for item in items]
        for future, name in zip(futures, names, strict=True):
            future.add_done_callback(partial(self._done, name))
        return [future.result() for future in futures]

    def _done(self, name: str, _: Future[Any]) -> None:
        self.progress.document_done(self.output, name)


def write_output(name: str, corpus: Corpus, folder: Path, context: BuildContext) -> None:
    """One output into `folder` (in whichever process runs it)."""
    with file_system_failures(f"write the {name} output"):
        load_writer(name)(corpus, folder, context)


_model: tuple[str, Any] | None = None
"""In a worker: the build's model as last unpickled (or as inherited by a forked worker),
and which build's it is."""


def _write_on_worker(
    name: str, model: bytes | None, build: str, folder: Path, context: BuildContext
) -> None:
    """`model` is the pickled (corpus, derived), or None for a forked worker: it has them."""
    global _model
    if _model is None or _model[0] != build:
        if model is None:
            raise RuntimeError(f"worker {os.getpid()} has no model of build {build}")
        # Once per worker and build, not per output: a worker writing several outputs reads
        # them from one copy of the model, as a build with `--jobs 1` does.
        _model = (build, pickle.loads(model))
    corpus, derived = _model[1]
    write_output(name, corpus, folder, replace(context, derived=derived))


def needs_workers(outputs: Sequence[Output]) -> bool:
    """Whether there is anything to run side by side (one whole output runs in-process)."""
    return len(outputs) > 1 or any(output.documents for output in outputs)


def write_outputs(
    corpus: Corpus,
    outputs: Sequence[Output],
    context: BuildContext,
    jobs: int,
    progress: Progress,
) -> None:
    """Every output in `outputs` into `context.out/<name>`; the first failure stops all."""
    if jobs <= 1 or not needs_workers(outputs):
        for output in outputs:  # nothing to run beside: no worker to start, no corpus to send
            _in_this_process(output, corpus, context, None, progress)
        return
    global _model
    ordered = sorted(outputs, key=_start_order)
    build = f"{os.getpid()}-{time.monotonic_ns()}"
    forked = fork_is_safe()
    sent = None
    if forked:
        _model = (build, (corpus, context.derived))  # what forked workers find in their copy
    else:
        # Once, not per task; the model and what was derived from it in one pickle, so that
        # a worker's `derived.corpus` is its `corpus` and writers reuse the changesets
        # instead of computing them again (`derived_for` checks identity).
        sent = pickle.dumps((corpus, context.derived), protocol=pickle.HIGHEST_PROTOCOL)
    # The pool is the inner context: on a failure it stops first, which frees the threads
    # waiting on its documents. The thread pool starts no thread before its first task, so
    # forked workers start before any thread of this build.
    if forked:
        # The model and modules stay alive in every worker: out of the collector's reach
        # there (and here), each worker's full collections do not walk them all again, and
        # do not touch (hence copy) the pages the worker shares with this process.
        gc.freeze()
    try:
        _write_side_by_side(corpus, ordered, context, jobs, progress, forked, sent, build)
    finally:
        _model = None
        if forked:
            gc.unfreeze()


def _write_side_by_side(
    corpus: Corpus,
    ordered: Sequence[Output],
    context: BuildContext,
    jobs: int,
    progress: Progress,
    forked: bool,
    sent: bytes | None,
    build: str,
) -> None:
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    with (
        ThreadPoolExecutor(max_workers=len(ordered), thread_name_prefix="normkit") as threads,
        worker_pool(jobs, forked) as pool,
    ):
        running: dict[Future[None], Output] = {}
        for output in ordered:
            if output.documents:
                future = threads.submit(_in_this_process, output, corpus, context, pool, progress)
            else:
                progress.started(output.name)
                # The worker gets a context without the pool: its own documents run inline.
                alone = replace(context, tasks=None, jobs=1, derived=None)
                future = pool.submit(
                    _write_on_worker, output.name, sent, build, context.out / output.name, alone
                )
                future.add_done_callback(partial(_finished, output.name, progress))
            running[future] = output
        done, _ = wait(running, return_when=FIRST_EXCEPTION)
        for future in done:
            error = future.exception()
            if error is not None:
                _stop(pool)
                raise error


def _start_order(output: Output) -> tuple[int, int]:
    if output.name in LONGEST_FIRST:
        return (0, LONGEST_FIRST.index(output.name))
    return (1, 0)


def _finished(name: str, progress: Progress, future: Future[None]) -> None:
    if not future.cancelled() and future.exception() is None:
        progress.finished(name)


def _in_this_process(
    output: Output,
    corpus: Corpus,
    context: BuildContext,
    pool: Executor | None,
    progress: Progress,
) -> None:
    progress.started(output.name)
    tasks = PoolTasks(pool, output.name, progress)
    write_output(output.name, corpus, context.out / output.name, replace(context, tasks=tasks))
    progress.finished(output.name)
