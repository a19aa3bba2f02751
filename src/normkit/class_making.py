"""`dataclass`' making of a slotted class done in one pass, for the common shape of class.

`dataclass` looks at every annotation of a class up to three times to learn whether it is a
`ClassVar`, an `InitVar` or `KW_ONLY`: with string annotations (`from __future__ import
annotations`, as every normkit module has) each look is a regular expression matched and a
module's namespace read. It makes each field by `field()` with eight keyword arguments,
sets each method it writes on the class (an update of the class' slots each), and then, for
`slots=True`, makes the class again from a copy of its namespace. Importing what `normkit
check` runs made 118 classes so: 75 M instructions (callgrind), ~14 ms of a ~120 ms run.

While `classes_made_quickly` is active, `dataclass` makes a slotted class through
`_process_class` below (the steps of Python 3.11's `dataclasses._process_class`) when the
class is of the common shape: no base class that is a dataclass, no field that is a
`ClassVar`, an `InitVar` or `KW_ONLY` (each distinct annotation is matched once, as
`dataclass` would, and its name looked up in the class' module). The methods are written
by `dataclass`' own functions, with `_create_fn`'s text written in fewer steps (the same
text, compiled once per machine by `method_cache`), and put straight into the namespace
the slotted class is made from (the class statement's own class is still made first). It
is the same class: the same `Field` objects, parameters, slots and methods, but that a
frozen class' `__init__` sets each field through its slot's own setter rather than by
`object.__setattr__` (`_slot_setting`): the same instances, made faster. Any other class,
and any class that would be an error, is left to `dataclass` itself. The same 118
classes: 44 M instructions.
`tests/spine/test_class_making.py` compares both ways on every dataclass normkit imports.
"""

from __future__ import annotations

import abc
import dataclasses
import itertools
import sys
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import CodeType, FunctionType
from typing import Any, ClassVar

_D: Any = dataclasses  # its private helpers, which mypy does not know
_ON_ITS_PYTHON = sys.version_info[:2] == (3, 11)
"""The private helpers used below are Python 3.11's (3.13 has no `_create_fn`): elsewhere
this module only imports, and `classes_made_quickly` changes nothing."""
_STOCK = _D._process_class
_MISSING: Any = dataclasses.MISSING
_Field: Any = dataclasses.Field
_FIELD = getattr(_D, "_FIELD", None)
_MATCH: Any = _D._MODULE_IDENTIFIER_RE.match if _ON_ITS_PYTHON else None
_LEADING: dict[str, Any] = {}
"""For each annotation met, what `dataclass`' expression finds at its start (a module's name
or None, and a name), or None: the same few annotations recur in most classes."""
_MEMBER = types.MemberDescriptorType
_GENERIC_ALIAS = type(ClassVar[int])


def _special(value: Any) -> bool:
    """Whether `value` (an annotation, or what an annotation's name is in its module) makes
    a field something other than a plain field: what `dataclass` tests with `_is_classvar`,
    `_is_initvar` and `_is_kw_only`."""
    return (
        value is ClassVar
        or value is dataclasses.InitVar
        or value is dataclasses.KW_ONLY
        or type(value) is dataclasses.InitVar
        or (type(value) is _GENERIC_ALIAS and getattr(value, "__origin__", None) is ClassVar)
    )


def _process_class(
    cls: Any,
    init: bool,
    repr: bool,
    eq: bool,
    order: bool,
    unsafe_hash: bool,
    frozen: bool,
    match_args: bool,
    kw_only: bool,
    slots: bool,
    weakref_slot: bool,
) -> Any:
    """`dataclasses._process_class` of Python 3.11 for a slotted class of the common shape
    (any other is passed to it): its steps, but what it would add to the class one attribute
    at a time (each an update of the class' slots) and then copy into the slotted class it
    makes is put into that class' namespace directly."""
    arguments = (init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, slots)
    module = sys.modules.get(cls.__module__)
    ordinary = slots and module is not None and (eq or not order)  # else as `dataclass`
    fields = _fields(cls, module, kw_only) if ordinary else None
    if fields is None or module is None:
        return _STOCK(cls, *arguments, weakref_slot)
    globals = module.__dict__
    own = dict(cls.__dict__)
    """The namespace of the class made (`_add_slots`)."""
    qualname = cls.__qualname__

    def add(name: str, value: Any) -> bool:
        """`dataclasses._set_new_attribute`, into `own`."""
        if name in own:
            return True
        if isinstance(value, FunctionType):
            value.__qualname__ = f"{qualname}.{value.__name__}"
        own[name] = value
        return False

    own["__dataclass_params__"] = _D._DataclassParams(init, repr, eq, order, unsafe_hash, frozen)
    own["__dataclass_fields__"] = fields  # (a field's `Field` default goes with its name)
    class_hash = own.get("__hash__", _MISSING)
    has_explicit_hash = not (class_hash is _MISSING or (class_hash is None and "__eq__" in own))
    field_list = list(fields.values())
    std_init_fields = tuple(f for f in field_list if f.init and not f.kw_only)
    kw_only_init_fields = tuple(f for f in field_list if f.init and f.kw_only)
    made_init = None
    if init:
        self_name = "__dataclass_self__" if "self" in fields else "self"
        has_post_init = hasattr(cls, "__post_init__")
        global _setting_slots
        _setting_slots = frozen
        try:
            made_init = _D._init_fn(
                field_list,
                std_init_fields,
                kw_only_init_fields,
                frozen,
                has_post_init,
                self_name,
                globals,
                slots,
            )
        finally:
            _setting_slots = False
        add("__init__", made_init)
    if repr:
        add("__repr__", _D._repr_fn([f for f in field_list if f.repr], globals))
    compared = [f for f in field_list if f.compare]
    self_tuple = _D._tuple_str("self", compared)
    other_tuple = _D._tuple_str("other", compared)
    if eq:
        add("__eq__", _D._cmp_fn("__eq__", "==", self_tuple, other_tuple, globals=globals))
    if order:
        for name, op in (("__lt__", "<"), ("__le__", "<="), ("__gt__", ">"), ("__ge__", ">=")):
            if add(name, _D._cmp_fn(name, op, self_tuple, other_tuple, globals=globals)):
                raise TypeError(
                    f"Cannot overwrite attribute {name} in class {cls.__name__}. "
                    "Consider using functools.total_ordering"
                )
    if frozen:
        for fn in _D._frozen_get_del_attr(cls, field_list, globals):
            if add(fn.__name__, fn):
                raise TypeError(f"Cannot overwrite attribute {fn.__name__} in class {cls.__name__}")
    hash_action = _D._hash_action[bool(unsafe_hash), bool(eq), bool(frozen), has_explicit_hash]
    if hash_action:
        own["__hash__"] = hash_action(cls, field_list, globals)
    if match_args:
        add("__match_args__", tuple(f.name for f in std_init_fields))
    made = _add_slots(cls, own, fields, frozen, weakref_slot)
    if made_init is not None:
        _give_setters(made_init, made)
    if not made.__doc__:
        try:
            import inspect  # only for a class without a docstring

            text_sig = str(inspect.signature(made)).replace(" -> None", "")
        except (TypeError, ValueError):
            text_sig = ""
        made.__doc__ = made.__name__ + text_sig
    abc.update_abstractmethods(made)
    return made


def _add_slots(
    cls: Any, own: dict[str, Any], fields: dict[str, Any], frozen: bool, weakref_slot: bool
) -> Any:
    """`dataclasses._add_slots` of Python 3.11: `cls` made again from `own`, with a slot
    for each field (but those a base class has)."""
    names = tuple(fields)
    bases = cls.__mro__[1:-1]
    inherited = set(itertools.chain.from_iterable(map(_D._get_slots, bases))) if bases else ()
    slot_names = (*names, "__weakref__") if weakref_slot else names
    own["__slots__"] = tuple(name for name in slot_names if name not in inherited)
    for name in names:
        own.pop(name, None)
    own.pop("__dict__", None)
    own.pop("__weakref__", None)
    qualname = cls.__qualname__
    made = type(cls)(cls.__name__, cls.__bases__, own)
    made.__qualname__ = qualname
    if frozen:
        if "__getstate__" not in own:
            made.__getstate__ = _D._dataclass_getstate
        if "__setstate__" not in own:
            made.__setstate__ = _D._dataclass_setstate
    return made


def _fields(cls: Any, module: Any, kw_only: bool) -> dict[str, Any] | None:
    """The fields of `cls` as `dataclass` makes them, or None when `cls` is not of the
    common shape (see above) or `dataclass` would raise an error for it."""
    for base in cls.__mro__[1:-1]:
        if getattr(base, "__dataclass_fields__", None) is not None:
            return None
    own = cls.__dict__
    if "__slots__" in own:
        return None  # `dataclass`' error if asked for slots
    annotations = own.get("__annotations__", {})
    namespace = module.__dict__
    fields: dict[str, Any] = {}
    for name, annotation in annotations.items():
        if isinstance(annotation, str):
            leading = _LEADING.get(annotation, _MISSING)
            if leading is _MISSING:
                match = _MATCH(annotation)
                leading = _LEADING[annotation] = match.groups() if match else None
            if leading is not None:
                prefix, named = leading
                if prefix:  # `module.Name`: special only in `typing` or `dataclasses`
                    module_named = namespace.get(prefix)
                    if module_named is typing or module_named is dataclasses:
                        return None
                elif _special(namespace.get(named)):
                    return None
        elif _special(annotation):
            return None
        default = getattr(cls, name, _MISSING)
        if isinstance(default, _Field):
            if name not in own:
                return None  # a base class' `Field`: `dataclass` fails to delete it
            f = default
        else:
            if isinstance(default, _MEMBER):
                default = _MISSING
            f = _Field(default, _MISSING, True, True, None, True, None, _MISSING)
        f.name = name
        f.type = annotation
        f._field_type = _FIELD
        if f.kw_only is _MISSING:
            f.kw_only = kw_only
        if f.default.__class__.__hash__ is None:
            return None  # a mutable default: `dataclass`' error
        fields[name] = f
    for name, value in own.items():
        if isinstance(value, _Field) and name not in annotations:
            return None  # a field without annotation: `dataclass`' error
    return fields


def _create_fn(
    name: str,
    args: Sequence[str],
    body: Sequence[str],
    *,
    globals: dict[str, Any] | None = None,
    locals: dict[str, Any] | None = None,
    return_type: Any = _MISSING,
) -> Any:
    """`dataclasses._create_fn` of Python 3.11: the same text (written in fewer steps),
    compiled by `_compiled` as `dataclass`' `exec` would (`method_cache`), run alike."""
    if globals is None or _compiled is None:
        return _STOCK_CREATE(
            name, args, body, globals=globals, locals=locals, return_type=return_type
        )
    if locals is None:
        locals = {}
    return_annotation = ""
    if return_type is not _MISSING:
        locals["_return_type"] = return_type
        return_annotation = "->_return_type"
    if _setting_slots and name == "__init__":
        body = _slot_setting(body, locals)
    lines = "  " + "\n  ".join(body) if body else ""
    text = (
        f"def __create_fn__({', '.join(locals)}):\n"
        f" def {name}({','.join(args)}){return_annotation}:\n{lines}\n return {name}"
    )
    namespace: dict[str, Any] = {}
    exec(_compiled(text), globals, namespace)
    return namespace["__create_fn__"](**locals)


_FROZEN_SET = "__dataclass_builtins_object__.__setattr__("
"""How `dataclass` writes a frozen class' `__init__` setting a field (`_field_assign`)."""
_SETTER = "__dataclass_set_"
_setting_slots = False
"""While `_process_class` has `dataclass` write a frozen class' `__init__`."""


def _slot_setting(body: Sequence[str], locals: dict[str, Any]) -> list[str]:
    """A frozen class' `__init__` setting each field through its slot's own setter, not
    `object.__setattr__(self, name, value)`, which looks the slot up by name on every call:
    a record of four fields is made in 7,000 instructions instead of 9,700 (callgrind), and
    a read makes ~20 frozen records per criterion. Each setter is a free variable of the
    function, given its slot's setter once the slotted class is made (`_give_setters`)."""
    written = []
    for line in body:
        if line.startswith(_FROZEN_SET) and line.endswith(")"):
            self_name, quoted, value = line[len(_FROZEN_SET) : -1].split(",", 2)
            setter = f"{_SETTER}{quoted[1:-1]}__"
            locals[setter] = None
            line = f"{setter}({self_name},{value})"
        written.append(line)
    return written


def _give_setters(init: Any, made: type) -> None:
    """The slot setters `_slot_setting` left to fill, from the slotted class `made`."""
    for name, cell in zip(init.__code__.co_freevars, init.__closure__ or (), strict=True):
        if name.startswith(_SETTER):
            cell.cell_contents = _setter(made, name[len(_SETTER) : -2])


def _setter(made: type, name: str) -> Callable[[Any, Any], None]:
    slot = made.__dict__.get(name)
    if isinstance(slot, _MEMBER):
        return slot.__set__
    return lambda obj, value: object.__setattr__(obj, name, value)  # (a base class' slot)


_STOCK_CREATE: Any = getattr(_D, "_create_fn", None)
_compiled: Callable[[str], CodeType] | None = None
"""While active, what compiles `_create_fn`'s text (without future flags, as for
`dataclasses`' own code)."""


@contextmanager
def classes_made_quickly(compiled: Callable[[str], CodeType] | None = None) -> Iterator[None]:
    """Within, `dataclass` makes classes of the common shape through `_process_class` (on
    Python 3.11, whose steps it follows; elsewhere nothing changes), and its methods' texts
    are compiled by `compiled` (`method_cache`'s) if given."""
    global _compiled
    if not _ON_ITS_PYTHON or _D._process_class is not _STOCK:
        yield
        return
    _D._process_class = _process_class
    if compiled is not None and _D._create_fn is _STOCK_CREATE:
        _compiled = compiled
        _D._create_fn = _create_fn
    try:
        yield
    finally:
        _D._process_class = _STOCK
        if _compiled is not None:
            _D._create_fn = _STOCK_CREATE
            _compiled = None
