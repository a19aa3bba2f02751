"""What a build tells the person waiting for it: bars on a terminal, lines in a log, or nothing.

The pipeline reports events (an output started, a document of it finished, it finished);
`progress_for` picks how they are shown. Events may come from several threads at once.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress as RichBars
    from rich.progress import TaskID


class Progress(Protocol):
    def note(self, message: str) -> None:
        """A one-off message (for example: waiting for another build's lock)."""

    def started(self, output: str) -> None: ...

    def documents(self, output: str, count: int) -> None:
        """`count` more documents of `output` are on their way."""

    def document_done(self, output: str, name: str) -> None: ...

    def finished(self, output: str) -> None: ...

    def close(self) -> None: ...


class Silent:
    """`--quiet`, and the default of `build_project` when nobody is watching."""

    def note(self, message: str) -> None:
        pass

    def started(self, output: str) -> None:
        pass

    def documents(self, output: str, count: int) -> None:
        pass

    def document_done(self, output: str, name: str) -> None:
        pass

    def finished(self, output: str) -> None:
        pass

    def close(self) -> None:
        pass


class Lines:
    """One plain line per event, for logs and CI (no terminal control codes)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.lock = threading.Lock()
        self.begun: dict[str, float] = {}
        self.counts: dict[str, list[int]] = {}

    def _say(self, line: str) -> None:
        with self.lock:
            print(f"normkit: {line}", file=self.stream, flush=True)

    def note(self, message: str) -> None:
        self._say(message)

    def started(self, output: str) -> None:
        self.begun[output] = time.monotonic()
        self._say(f"{output}: started")

    def documents(self, output: str, count: int) -> None:
        with self.lock:
            self.counts.setdefault(output, [0, 0])[1] += count

    def document_done(self, output: str, name: str) -> None:
        with self.lock:
            done_total = self.counts.setdefault(output, [0, 0])
            done_total[0] += 1
            done, total = done_total
        self._say(f"{output}: {done}/{total} {name}")

    def finished(self, output: str) -> None:
        seconds = time.monotonic() - self.begun.get(output, time.monotonic())
        self._say(f"{output}: done in {seconds:.1f} s")

    def close(self) -> None:
        pass


class Bars:
    """A rich progress bar per output, advancing per document, on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bars: RichBars = Progress(
            SpinnerColumn(finished_text="[green]✓[/green]"),
            TextColumn("{task.fields[output]:<5}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[current]}"),
            console=Console(file=stream),
            transient=False,
            # No refresh thread: the bars are redrawn when they change (`_draw`). With a
            # thread of its own running, the build could not fork its workers
            # (`parallel.fork_is_safe`) and fell back to the slower fork server on every
            # terminal.
            auto_refresh=False,
        )
        self.tasks: dict[str, TaskID] = {}
        self.totals: dict[str, int] = {}
        self.lock = threading.Lock()
        self.drawn = 0.0
        self.bars.start()

    def _draw(self, always: bool = False) -> None:
        """Redraw, at most ten times a second unless `always` (a bar started or ended)."""
        now = time.monotonic()
        if always or now - self.drawn >= 0.1:
            self.drawn = now
            self.bars.refresh()

    def note(self, message: str) -> None:
        self.bars.console.print(message, markup=False, highlight=False)

    def started(self, output: str) -> None:
        with self.lock:
            self.tasks[output] = self.bars.add_task(output, total=None, output=output, current="")
            self._draw(always=True)

    def documents(self, output: str, count: int) -> None:
        with self.lock:
            self.totals[output] = self.totals.get(output, 0) + count
            self.bars.update(self.tasks[output], total=self.totals[output])
            self._draw()

    def document_done(self, output: str, name: str) -> None:
        self.bars.update(self.tasks[output], advance=1, current=name)
        self._draw()

    def finished(self, output: str) -> None:
        with self.lock:
            total = self.totals.get(output) or 1  # an output without documents: one step
            self.bars.update(self.tasks[output], total=total, completed=total, current="")
            self._draw(always=True)

    def close(self) -> None:
        self.bars.stop()


def progress_for(quiet: bool, stream: TextIO | None = None) -> Progress:
    """Nothing with `quiet`; bars on a terminal; plain lines otherwise."""
    stream = stream or sys.stderr
    if quiet:
        return Silent()
    if stream.isatty():
        return Bars(stream)
    return Lines(stream)
