"""`record` (`model/records.py`) gives the model's frozen classes the comparison, hash and
repr `dataclass` would have compiled for them, with the same results: checked on every
class made with it, against a twin made by `dataclass` itself, field by field."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from typing import Any

import pytest

import normkit
from normkit.model.records import record


def _record_classes() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(normkit.__path__, "normkit."):
        if not module.name.startswith(("normkit.model", "normkit.metadata", "normkit.revisions")):
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if isinstance(value, type) and value.__module__ == module.name:
                params = getattr(value, "__dataclass_params__", None)
                if params is not None and params.frozen and not params.eq:
                    found.append(value)
    loaded = importlib.import_module("normkit.diagnostics")
    found += [
        v
        for v in vars(loaded).values()
        if isinstance(v, type)
        and v.__module__ == "normkit.diagnostics"
        and getattr(v, "__dataclass_params__", None) is not None
        and not v.__dataclass_params__.eq
    ]
    return found


RECORDS = _record_classes()


def _twin(cls: type) -> type:
    """What `dataclass(frozen=True, slots=True)` makes of `cls`'s fields."""
    specs = [
        (f.name, Any, dataclasses.field(compare=f.compare, hash=f.hash, repr=f.repr))
        for f in dataclasses.fields(cls)
    ]
    twin = dataclasses.make_dataclass(cls.__name__, specs, frozen=True, slots=True)
    twin.__qualname__ = cls.__qualname__
    return twin


def _made(cls: type, values: dict[str, object]) -> Any:
    obj = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    return obj


def test_the_model_is_made_with_record() -> None:
    names = {cls.__name__ for cls in RECORDS}
    assert {"Criterion", "Version", "Diagnostic", "Changeset"} <= names
    assert len(RECORDS) > 60


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_a_record_compares_hashes_and_shows_as_its_dataclass_twin(cls: type) -> None:
    twin = _twin(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    values = {name: (index, f"v{index}") for index, name in enumerate(names)}
    one, other = _made(cls, values), _made(cls, dict(values))
    twin_one, twin_other = _made(twin, values), _made(twin, dict(values))
    assert (one == other) is (twin_one == twin_other) is True
    assert hash(one) == hash(twin_one)
    assert repr(one) == repr(twin_one)
    assert one.__eq__(object()) is NotImplemented
    for name in names:  # each field changed alone
        changed = {**values, name: ("changed", float("nan"))}
        assert (one == _made(cls, changed)) is (twin_one == _made(twin, changed))
        assert hash(_made(cls, changed)) == hash(_made(twin, changed))
        assert repr(_made(cls, changed)) == repr(_made(twin, changed))
    for name in names[:1]:  # the guards are still dataclass' own
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(one, name, 1)


@record(kw_only=True)
class Node:
    name: str
    note: str = dataclasses.field(default="", compare=False, repr=False)
    weight: float = dataclasses.field(default=0.0, hash=False)
    children: tuple[object, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class NodeTwin:
    name: str
    note: str = dataclasses.field(default="", compare=False, repr=False)
    weight: float = dataclasses.field(default=0.0, hash=False)
    children: tuple[object, ...] = ()


@record
class Empty:
    pass


def test_field_options_subclasses_and_recursion_as_dataclass() -> None:
    nan = float("nan")
    pairs = [
        (Node(name="a"), NodeTwin(name="a")),
        (Node(name="a", note="x", weight=nan), NodeTwin(name="a", note="x", weight=nan)),
    ]
    for ours, theirs in pairs:
        assert repr(ours) == repr(theirs).replace("NodeTwin", "Node")
        assert hash(ours) == hash(theirs)
    assert Node(name="a", note="x") == Node(name="a", note="y")  # note does not compare
    assert hash(Node(name="a", weight=1.0)) == hash(Node(name="a", weight=2.0))
    assert Node(name="a", weight=1.0) != Node(name="a", weight=2.0)
    assert (Node(name="a", weight=nan) == Node(name="a", weight=nan)) is (
        NodeTwin(name="a", weight=nan) == NodeTwin(name="a", weight=nan)
    )
    assert Empty() == Empty() and hash(Empty()) == hash(()) and repr(Empty()) == "Empty()"
    with pytest.raises(dataclasses.FrozenInstanceError):
        Node(name="a").name = "b"  # type: ignore[misc]
    looped: list[object] = []
    node = Node(name="loop", children=(looped,))
    looped.append(node)
    theirs_list: list[object] = []
    theirs = NodeTwin(name="loop", children=(theirs_list,))
    theirs_list.append(theirs)
    assert repr(node) == repr(theirs).replace("NodeTwin", "Node")
    assert Node.__slots__ == NodeTwin.__slots__  # type: ignore[attr-defined]
