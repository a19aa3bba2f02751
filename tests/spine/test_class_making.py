"""`class_making.py` makes the same classes as `dataclass` itself: every dataclass normkit
and markdown-it-py define, and classes of every shape `dataclass` accepts or refuses, are made
both ways (in a child process, which imports every module of normkit) and compared
attribute by attribute: fields, parameters, slots, and the methods' code, names, defaults
and closures. A frozen class' `__init__` differs only in setting each field through its
slot's setter: its text is `dataclass`' own with those calls written back, its setters are
the class' slots', and the instances it makes are the same, with the same defaults."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

_CHILD = textwrap.dedent(
    """
    import copy as copy_module, dataclasses, importlib, pkgutil, re, sys, types
    from dataclasses import KW_ONLY, Field, InitVar, dataclass, field
    from typing import ClassVar

    import normkit
    from normkit import class_making

    stock = dataclasses._process_class
    captured = []

    def spy(cls, *args):
        namespace = dict(cls.__dict__)
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
        captured.append((type(cls), cls.__name__, cls.__bases__, namespace, cls.__qualname__, args))
        try:
            return stock(cls, *args)
        except (TypeError, ValueError):  # the shapes `dataclass` refuses
            return cls

    dataclasses._process_class = spy
    for module in pkgutil.walk_packages(normkit.__path__, "normkit."):
        if module.name != "normkit.__main__":
            importlib.import_module(module.name)
    importlib.import_module("markdown_it")
    importlib.import_module("markdown_it.rules_inline")
    shapes = {"__name__": "__main__"}
    exec(compile(open(sys.argv[1]).read(), "shapes", "exec"), shapes)
    dataclasses._process_class = stock

    def clone(meta, name, bases, namespace, qualname):
        made = meta(name, bases, {key: value for key, value in namespace.items()})
        made.__qualname__ = qualname
        return made

    def slot_setters(function):
        cells = zip(function.__code__.co_freevars, function.__closure__ or ())
        return {n: c.cell_contents for n, c in cells if n.startswith("__dataclass_set_")}

    def same_value(a, b, where):
        if isinstance(a, types.FunctionType) and slot_setters(a):
            # A frozen class' `__init__` (its text is checked below): the same signature,
            # and each field set through its slot's own setter.
            names = ("__name__", "__qualname__", "__defaults__", "__kwdefaults__", "__module__")
            for name in names:
                assert getattr(a, name) == getattr(b, name), (where, name)
            assert a.__code__.co_varnames == b.__code__.co_varnames, where
            assert a.__globals__ is b.__globals__, where
            for name, setter in slot_setters(a).items():
                slot = name.removeprefix("__dataclass_set_").removesuffix("__")
                assert setter.__self__ is getattr(setter.__self__.__objclass__, slot), where
                assert setter.__name__ == "__set__", where
        elif isinstance(a, types.FunctionType):
            assert isinstance(b, types.FunctionType), where
            names = ("__name__", "__qualname__", "__defaults__", "__kwdefaults__", "__module__")
            for name in names:
                assert getattr(a, name) == getattr(b, name), (where, name)
            assert a.__annotations__.keys() == b.__annotations__.keys(), where
            ca, cb = a.__code__, b.__code__
            names = ("co_code", "co_consts", "co_names", "co_varnames", "co_freevars", "co_flags")
            for name in names:
                assert getattr(ca, name) == getattr(cb, name), (where, name)
            assert a.__globals__ is b.__globals__, where
            cells_a = [c.cell_contents for c in a.__closure__ or ()]
            cells_b = [c.cell_contents for c in b.__closure__ or ()]
            assert len(cells_a) == len(cells_b), where
            for x, y in zip(cells_a, cells_b):
                if isinstance(x, type):  # the class before slots: made twice here
                    assert x.__qualname__ == y.__qualname__, where
                else:
                    same_value(x, y, where + " closure")
            if hasattr(a, "__wrapped__"):
                same_value(a.__wrapped__, b.__wrapped__, where + " wrapped")
        elif isinstance(a, dict) and a and all(isinstance(v, Field) for v in a.values()):
            assert list(a) == list(b), where
            for key in a:
                for slot in Field.__slots__:
                    assert getattr(a[key], slot) == getattr(b[key], slot), (where, key, slot)
        elif isinstance(a, (types.MemberDescriptorType, types.GetSetDescriptorType)):
            assert type(a) is type(b) and a.__name__ == b.__name__, where
        elif type(a).__name__ in ("_DataclassParams", "_abc_data"):  # (`abc`'s own, per class)
            assert type(a) is type(b), where
            if type(a).__name__ == "_DataclassParams":
                assert repr(a) == repr(b), where
        else:
            assert a is b or a == b, (where, a, b)

    texts = {stock: set(), "quick": set()}  # what each way compiles: the same texts

    def compiled(text):
        texts["quick"].add(text)
        return compile(text, "<string>", "exec", dont_inherit=True)

    def stock_exec(text, globals, locals):
        texts[stock].add(text)
        exec(text, globals, locals)

    def quick(cls, *args):  # as `classes_made_quickly` installs it
        dataclasses._create_fn = class_making._create_fn
        class_making._compiled = compiled
        try:
            return class_making._process_class(cls, *args)
        finally:
            dataclasses._create_fn = class_making._STOCK_CREATE
            class_making._compiled = None

    def made_both_ways(meta, name, bases, namespace, qualname, args):
        outcomes = []
        dataclasses.exec = stock_exec
        for process in (stock, quick):
            try:
                outcomes.append(process(clone(meta, name, bases, namespace, qualname), *args))
            except Exception as error:
                outcomes.append(f"{type(error).__name__}: {error}")
        del dataclasses.exec
        return outcomes

    fast = 0
    original = class_making._STOCK
    for meta, name, bases, namespace, qualname, args in captured:
        passed = []
        class_making._STOCK = lambda cls, *a: passed.append(cls) or original(cls, *a)
        ours, theirs = made_both_ways(meta, name, bases, namespace, qualname, args)[::-1]
        class_making._STOCK = original
        fast += not passed
        where = f"{namespace.get('__module__')}.{qualname}"
        if isinstance(theirs, str) or isinstance(ours, str):
            assert ours == theirs, (where, ours, theirs)
            continue
        assert list(vars(ours)) == list(vars(theirs)), (where, list(vars(ours)), list(vars(theirs)))
        for key, value in vars(theirs).items():
            same_value(vars(ours)[key], value, f"{where}.{key}")
        assert ours.__mro__[1:] == theirs.__mro__[1:], where
        assert ours.__doc__ == theirs.__doc__, where

    def as_written_by_dataclass(text):  # each field set by `object.__setattr__` again
        text = re.sub(r", __dataclass_set_\\w+__", "", text)
        setting = r"__dataclass_builtins_object__.__setattr__(\\2,'\\1',"
        return re.sub(r"__dataclass_set_(\\w+)__\\((\\w+),", setting, text)

    rewritten = {text for text in texts["quick"] if "__dataclass_set_" in text}
    assert len(rewritten) > 50
    quick_texts = {as_written_by_dataclass(text) for text in texts["quick"]}
    assert quick_texts <= texts[stock] and len(texts["quick"]) > 400

    # Instances made by a frozen class' `__init__`, both ways: the same fields, defaults,
    # `__post_init__`, refusal of assignment, copies.
    for name, arguments in shapes["frozen_examples"].items():
        made = [c for c in captured if c[4] == name and c[3]["__module__"] == "__main__"][0]
        ours, theirs = made_both_ways(*made)[::-1]
        assert slot_setters(ours.__init__), name
        a, b = ours(**arguments), theirs(**arguments)
        for f in dataclasses.fields(theirs):
            assert getattr(a, f.name) == getattr(b, f.name), (name, f.name)
        try:
            a.__setattr__(dataclasses.fields(ours)[0].name, 0)
        except dataclasses.FrozenInstanceError:
            pass
        else:
            raise AssertionError(name)
        copy = copy_module.copy(a)
        assert [getattr(copy, f.name) for f in dataclasses.fields(ours)] == [
            getattr(a, f.name) for f in dataclasses.fields(ours)
        ], name
    undocumented = [  # `dataclass` would write the docstring (`inspect.signature`, ~0.4 ms)
        f"{namespace['__module__']}.{qualname}"
        for meta, name, bases, namespace, qualname, args in captured
        if namespace["__module__"].startswith("normkit.") and not namespace.get("__doc__")
    ]
    assert not undocumented, undocumented
    print(len(captured), fast)
    """
)

_SHAPES = textwrap.dedent(
    '''
    from __future__ import annotations
    import dataclasses, typing
    from dataclasses import KW_ONLY, InitVar, dataclass, field
    from typing import Any, ClassVar

    @dataclass(slots=True)
    class NoDoc:
        a: int
        b: str = "x"

    @dataclass(frozen=True, slots=True, order=True)
    class Ordered:
        """Ordered."""
        a: int
        b: tuple[int, ...] = ()

    @dataclass(slots=True, kw_only=True)
    class Factories:
        """Factories."""
        items: list[int] = field(default_factory=list)
        hidden: int = field(default=3, init=False, repr=False, compare=False)
        later: dict[str, int] = field(init=False, default_factory=dict)
        meta: int = field(default=1, metadata={"k": 1}, hash=False)

    @dataclass(slots=True)
    class Special:
        """Special."""
        a: int
        counter: ClassVar[int] = 0
        start: InitVar[int] = 0
        def __post_init__(self, start: int) -> None:
            self.a += start

    @dataclass(slots=True)
    class Dotted:
        """Dotted."""
        a: typing.ClassVar[int] = 1
        b: dataclasses.InitVar[int] = 2
        c: typing.Any = None

    @dataclass(slots=True)
    class KeywordsAfter:
        """Keywords after."""
        a: int
        _: KW_ONLY
        b: int = 0

    @dataclass(frozen=True, slots=True, weakref_slot=True, unsafe_hash=False)
    class Weak:
        """Weak."""
        self: int
        other: str = ""

    @dataclass(slots=True, unsafe_hash=True)
    class Hashed:
        """Hashed."""
        a: int

    @dataclass(slots=True, eq=False, repr=False, init=False, match_args=False)
    class Bare:
        """Bare."""
        a: int = 0
        def __repr__(self) -> str:
            return "bare"

    @dataclass(slots=True)
    class OwnHash:
        """Own hash."""
        a: int
        def __hash__(self) -> int:
            return 1

    @dataclass(frozen=True, slots=True)
    class Base:
        """Base."""
        a: int

    @dataclass(frozen=True, slots=True)
    class Derived(Base):
        """Derived."""
        b: int = 0

    class Plain:
        inherited: int = 5

    @dataclass(slots=True)
    class FromPlain(Plain, typing.Generic[typing.TypeVar("T")]):
        """From a plain class."""
        inherited: int
        own: int = 1

    @dataclass
    class NotSlotted:
        """Not slotted."""
        a: int = 0

    @dataclass(slots=True)
    class MutableDefault:
        """An error."""
        a: list[int] = []

    @dataclass(slots=True)
    class DefaultFirst:
        """An error."""
        a: int = 0
        b: int

    @dataclass(slots=True, order=True, eq=False)
    class OrderWithoutEq:
        """An error."""
        a: int

    @dataclass(slots=True)
    class NoAnnotation:
        """An error."""
        a = field(default=1)

    @dataclass(frozen=True, slots=True)
    class OwnSetattr:
        """An error."""
        a: int
        def __setattr__(self, name: str, value: Any) -> None:
            pass

    @dataclass(slots=True)
    class AlreadySlotted:
        """An error."""
        __slots__ = ("a",)
        a: int

    @dataclass(frozen=True, slots=True, kw_only=True)
    class FrozenDefaults:
        """Frozen, with defaults."""
        a: int
        items: tuple[int, ...] = ()
        made: list[int] = field(default_factory=list)
        hidden: int = field(default=3, init=False)
        later: dict[str, int] = field(init=False, default_factory=dict)
        def __post_init__(self) -> None:
            object.__setattr__(self, "made", [*self.made, self.a])

    frozen_examples = {
        "Ordered": {"a": 1},
        "Weak": {"self": 2, "other": "x"},
        "FrozenDefaults": {"a": 4, "items": (1,)},
    }
    '''
)


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="class_making is for Python 3.11")
def test_classes_are_made_as_dataclass_makes_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    shapes = tmp_path / "shapes.py"
    shapes.write_text(_SHAPES)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(shapes)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    captured, fast = map(int, done.stdout.split())
    assert captured > 150
    assert fast > 0.8 * captured  # most took the quick way


def test_the_quick_way_is_active_only_within_its_block() -> None:
    import dataclasses

    from normkit import class_making

    stock = dataclasses._process_class  # type: ignore[attr-defined]
    with class_making.classes_made_quickly(lambda text: compile(text, "<string>", "exec")):
        if sys.version_info[:2] == (3, 11):
            made: Any = dataclasses
            assert made._process_class is class_making._process_class
            assert made._create_fn is class_making._create_fn
    assert dataclasses._process_class is stock  # type: ignore[attr-defined]
    assert dataclasses._create_fn is class_making._STOCK_CREATE  # type: ignore[attr-defined]
