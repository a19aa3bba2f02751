"""A value that the code within a `with` block reads without it being passed down: the store
a read goes through (`sources/stored_sheets.py`, `translations/stored_catalogs.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

T = TypeVar("T")


class Current(Generic[T]):
    """The value set by the innermost `kept` around the caller, if any."""

    def __init__(self, name: str) -> None:
        self._variable: ContextVar[T | None] = ContextVar(name, default=None)

    def get(self) -> T | None:
        return self._variable.get()

    @contextmanager
    def kept(self, value: T) -> Iterator[T]:
        """Within: `get` gives `value`."""
        token = self._variable.set(value)
        try:
            yield value
        finally:
            self._variable.reset(token)
