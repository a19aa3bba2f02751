"""The `signal` module's functions and numbers, without the enums it builds on import.

`import signal` makes three enums of the C module's constants (`Signals`, `Handlers`,
`Sigmasks`, about 70 members): 3.2 M instructions (callgrind), which a JSON build paid in its
own process (`commands/stopping.py` and `parallel.py` imported it) and each forked helper in
its own (the parse, render, workbook and catalog children ignore Ctrl-C first). Its functions
are those of `_signal`, the C module it wraps, which Python loads at start-up: they take and
give plain numbers where `signal`'s take and give its enums' members, which equal them. Type
checkers see `signal` itself.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import signal
else:
    import _signal as signal

__all__ = ["signal"]
