"""`record`: the model's frozen, slotted dataclasses, without compiling three methods each.

`dataclass` writes the source of every method it adds and compiles it with `exec`, one at a
time: for a frozen class `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and
`__delattr__`. Importing what `normkit check` runs made 125 classes so, 643 compilations:
372 M of its 1,085 M instructions (callgrind), paid by every run of every command.

`record` asks `dataclass` for everything but the comparison, the hash and the repr, and
gives the class those three from one shared implementation instead, with the same results
as the generated ones: equal when of the same class and the fields that compare are equal
(else `NotImplemented`), the hash of the tuple of the fields that hash, `Name(field=…, …)`
of the fields that show, and `...` for an object met again while showing itself
(`tests/spine/test_records.py` checks every class made with it against `dataclass`' own).
The class is still a frozen dataclass to everything else (`fields`, `replace`, pickling
through its slots, `FrozenInstanceError`): `dataclass` still compiles its `__init__` and
its guards against assignment.
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T] | None = None, /, *, kw_only: bool = False) -> Any:
    """`@dataclass(frozen=True, slots=True[, kw_only=True])`, with its comparison, hash and
    repr shared rather than compiled for the class (see above)."""

    def make(cls: type[T]) -> type[T]:
        own = set(cls.__dict__)  # as `dataclass`, never replace what the class defines
        made = dataclasses.dataclass(
            cls, frozen=True, slots=True, kw_only=kw_only, eq=False, repr=False
        )
        fields = dataclasses.fields(made)  # type: ignore[arg-type]
        compared = _values([f.name for f in fields if f.compare])
        hashed = _values([f.name for f in fields if (f.compare if f.hash is None else f.hash)])
        shown = tuple(f.name for f in fields if f.repr)
        if "__eq__" not in own:
            made.__eq__ = _equality(compared)  # type: ignore[method-assign]
        if "__hash__" not in own:
            made.__hash__ = _hashing(hashed)  # type: ignore[method-assign,assignment]
        if "__repr__" not in own:
            made.__repr__ = _representation(shown)  # type: ignore[method-assign]
        return made

    return make if cls is None else make(cls)


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of an object's `names` fields (always a tuple, as the generated methods
    compare and hash)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _equality(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hashing(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _representation(names: tuple[str, ...]) -> Callable[[Any], str]:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__
