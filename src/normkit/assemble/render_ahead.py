"""Rendering a version's last criteria (or an edition's last guidance entries) on another
core, while the build renders the first.

A cold build of a version spends most of its time rendering criteria (`render_criterion`:
at 10,000 criteria, about 1.1 s of the main process), one after another, while the core
that parsed chapters ahead (`sources/parse_ahead.py`) sits idle. Rendering a criterion
depends only on what exists before the version is built: its chapter's parse, its place in
it, its number and id, and the resolver (whose only state is the questions about files it
asked: `reuse.AskedFiles`). So when the build starts, a helper is forked (copy-on-write: it
has the parses, the drafts and the resolver) and renders the version's criteria from the
last backward, while the build renders them from the first forward, as it always did; each
criterion is rendered by whoever reaches it first (one byte per criterion in shared memory,
as `parse_ahead.Workers` claims files), so where they meet depends on how fast each goes,
and a helper that a busy machine leaves behind costs the build no time.

The helper sends each rendering as soon as it is made, with the questions about files it
asked, appended to an anonymous file in memory. One `Pickler` pickles them all (the model's
frozen classes as their fields, `cache_entries`): each refers to the objects and classes
pickled before it, and the build loads them in the order they were sent. Strings the build
already holds (the chapters' paths, the criteria's numbers, which are the targets' numbers,
the terms' ids and tooltips, the constants of the code, such as diagnostics' hints) are
pickled by reference to the build's own objects, so the model shares what a
build that rendered everything itself shares, and a stored version (`stored_assemblies.py`)
is byte for byte the same (a rendering's set of terms is built again in the order rendering
added them: `_terms_in_order`). The build takes a rendering when it reaches its criterion,
records the helper's questions about files as its own (so that the next build's reuse stays
right: `reuse.Renders`), and absorbs its references, terms and diagnostics in the usual
order.

Guidance editions are rendered ahead the same way, entry by entry (`guidance.ENTRIES`): at
NIST SP 800-53's size their entries are more of the main process than the versions'
criteria. What differs between the two is what an item's rendering is (`Renderer`).

A read that builds every version and edition afresh (a cold one) forks one helper for all
of them, when its builds start (`read_rendered_ahead`): it renders each build's items from
its last backward, with a resolver of its own for each build (equal to the build's, and
recording its questions about files as the build's does), while the builds go forward; when
it meets a build, it goes on from the last item of the next, while that build takes in what
it sent (`_backward_by_build`); a build of more than `STRETCH` items is taken as several, one
stretch after another. A helper per build idled the second core at the end of each (after it
met the build, while the build took in the helper's renderings and finished) and cost a fork
each; one going backward from the last item of the last build idled it while the read took
in the renderings of every build but the first. Elsewhere (a version built again beside
others reused), a build forks its own helper where it is cold: it goes through the build's
stretches the same way.

Only where it pays and is safe: a cold build (no earlier renderings to reuse), more than
one job (`rendering_ahead`, which commands set), `forking.fork_is_safe`, and at least
`MIN_CRITERIA` criteria (or entries). A helper that fails, dies, sends something that does
not load or is late with a criterion costs nothing but time: the build renders what it did
not get.
"""

from __future__ import annotations

import copyreg
import gc
import io
import mmap
import pickle
import struct
import sys
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

from normkit.assemble.outline import DraftNode
from normkit.assemble.renderers import Build, Item, Made, Renderer
from normkit.assemble.resolution import VersionResolver
from normkit.assemble.reuse import AskedFiles, FileAnswer, current_renders
from normkit.cache_entries import PROTOCOL, StoredReducers, hold, maker_named, stored_maker
from normkit.model.text import TermUse
from normkit.sources.context import Rendered
from normkit.sources.documents import shelve_tokens
from normkit.sources.parse_ahead import Worker, send_record, start_worker

_SECONDS_PER_CRITERION = 2e-4
"""How long the build is assumed to take to render a criterion, until it has rendered one."""
_PATIENCE = 2
"""How many times that the build waits for a criterion the helper claimed, before it
renders it itself."""
_FREE = 0
_BUILD = 1
_HELPER = 2
"""In `RendersAhead.claims`: a criterion nobody renders yet, one the build renders, one the
helper renders (or sent already)."""


@dataclass(slots=True)
class RendersAhead:
    """The helper of one version's (or edition's) build, or of every build of a read, and
    who renders which item."""

    items: list[Item]
    """The criteria (entries) in the order the builds render them."""
    jobs: list[tuple[Renderer[Any], VersionResolver]]
    """How the helper renders an item, and with what resolver: by `owners`."""
    owners: list[int]
    """Each item's place in `jobs`."""
    index: dict[int, int]
    """Each criterion's place in `items`, by the `id` of its node."""
    claims: mmap.mmap
    known: list[str]
    """The strings sent by reference (`_known_strings`), listed once, before the fork: the
    helper and the loader number them from the same list."""
    worker: Worker | None = None
    loader: _Loader | None = None
    """Loads what the helper sent, in the order it sent it (`_Loader`)."""
    loaded: dict[int, object] = field(default_factory=dict)
    """What the helper sent, loaded ahead of its criterion, by place."""
    broken: bool = False
    """Whether something it sent did not load: what it sent after may refer to it."""
    render_time: float = 0.0
    rendered: int = 0
    """The build's own renderings: how long it would take to render one the helper is late
    with."""
    taken: int = 0
    """Renderings taken from the helper, for tests."""
    read: bool = False
    """Whether it renders for every build of a read (`read_rendered_ahead`), which ends it."""

    @classmethod
    def start(
        cls, items: list[Item], resolver: VersionResolver, renderer: Renderer[Any]
    ) -> RendersAhead | None:
        """A helper rendering `items` from the last (`renderers.renders_ahead` found that it
        pays and is safe), or None if it could not be forked."""
        return cls._forked([(items, resolver, renderer)])

    @classmethod
    def start_read(cls, builds: list[Build]) -> RendersAhead | None:
        """A helper for every build of a read (`renderers.read_rendered_ahead`), or None."""
        ahead = cls._forked(builds)
        if ahead is not None:
            ahead.read = True
        return ahead

    @classmethod
    def _forked(cls, builds: list[Build]) -> RendersAhead | None:
        items = [item for found, _, _ in builds for item in found]
        ahead = cls(
            items=items,
            jobs=[(renderer, resolver) for _, resolver, renderer in builds],
            owners=[owner for owner, (found, _, _) in enumerate(builds) for _ in found],
            index={id(node): place for place, (node, _, _) in enumerate(items)},
            claims=mmap.mmap(-1, len(items)),  # shared with the helper (MAP_SHARED)
            known=_known_strings(items, [resolver for _, resolver, _ in builds]),
        )
        ahead.worker = _start(ahead)
        if ahead.worker is None:
            ahead.claims.close()
            return None
        return ahead

    def render(self, node: DraftNode, make: Callable[[], Made]) -> Made:
        """`make()`, or the helper's rendering of `node`'s item when it claimed it
        (its questions about files recorded as if this process asked them)."""
        place = self.index.pop(id(node), None)
        if place is None or self.claims.closed:
            return make()
        if self.claims[place] == _FREE:
            self.claims[place] = _BUILD  # the helper stops here when it comes to it
            return self._timed(make)
        found = self._take(place)
        return found if found is not None else self._timed(make)

    def _timed(self, make: Callable[[], Made]) -> Made:
        start = time.perf_counter()
        made = make()
        self.render_time += time.perf_counter() - start
        self.rendered += 1
        return made

    def _take(self, place: int) -> Any:
        found = self.loaded.pop(place) if place in self.loaded else self._receive(place)
        if type(found) is not tuple or len(found) != 3:
            return None  # (None: one the helper cannot send as made: `_terms_in_order`)
        made, asked, terms = found
        renderer = self.jobs[self.owners[place]][0]
        if not renderer.is_made(made) or type(asked) is not list or type(terms) is not list:
            return None
        rendereds = renderer.rendereds(made)
        if len(terms) != len(rendereds) or any(type(order) is not list for order in terms):
            return None
        for rendered, order in zip(rendereds, terms, strict=True):
            rendered.terms = set(order)
        renders = current_renders()
        if renders is not None:
            renders.files.asked.extend(asked)
        self.taken += 1
        return made

    def _receive(self, place: int) -> object:
        """What the helper sent for `place`, loaded after all it sent before (which it may
        refer to): the items after it in its build, which the build takes next (the helper
        goes backward), and any the build rendered itself as the helper was late with them;
        None if it is late with it, ended without it or sent something that does not load."""
        if self.worker is None or self.broken:
            return None
        rate = self.render_time / self.rendered if self.rendered else _SECONDS_PER_CRITERION
        key = str(place)
        if not self.worker.has(key, patience=_PATIENCE * rate):
            return None
        sent = self.worker.sent
        try:
            for earlier in list(sent):  # in the order it sent them
                loaded = self._load(sent.pop(earlier))
                if earlier == key:
                    return loaded
                self.loaded[int(earlier)] = loaded
        except Exception:  # garbage: rendered here, and whatever it sends after
            self.broken = True
        return None

    def _load(self, data: bytes) -> object:
        if self.loader is None:
            self.loader = _Loader(self.known)
        return self.loader.load_next(data)

    def stop(self, read: bool = False) -> None:
        """End the helper (what it still renders, nobody wants) and reap it: the read's
        (`read`) once every build is built, not at the end of each."""
        if self.read and not read:
            return
        if self.worker is not None:
            self.worker.stop(wait=False)  # reaped at the end of the read (`check_project`)
            self.worker = None
        if not self.claims.closed:
            self.claims.close()
        # What was loaded (the loader's memo refers to every object the helper sent) dies
        # with this object: where the command holds what it made, not on its critical path.
        hold(self)


def _terms_in_order(rendered: Rendered) -> list[str] | None:
    """The terms of `rendered`, in an order that builds a set which iterates as its own does;
    None if none is found (the build renders it). A set is pickled in its iteration order,
    and the set loaded is built in that order, which may iterate otherwise than one built
    in the order rendering added the terms (where their hashes collide), and so be stored
    otherwise. Rendering adds each term at its first use, in the order of the pieces."""
    terms = rendered.terms
    if len(terms) < 2:
        return list(terms)
    order = list(
        dict.fromkeys(
            piece.term_id
            for piece in rendered.pieces
            if type(piece) is TermUse and piece.term_id in terms
        )
    )
    if len(order) < len(terms):
        order.extend(term for term in terms if term not in order)
    iterated = list(terms)
    for candidate in (order, iterated):
        if list(set(candidate)) == iterated:
            return candidate
    return None


def _known_strings(items: list[Item], resolvers: list[VersionResolver]) -> list[str]:
    """Strings a rendering may hold that the build holds already, elsewhere in the model or
    in what a stored version keeps beside it: the chapters' paths, the criteria's numbers
    (a reference's label), and the terms' ids and tooltips. Not the criteria's ids nor the
    targets' titles, which renderings only format into strings of their own (a part's
    anchor, a reference's tooltip): each string here costs the helper and the build a
    reference written to its page (the helper's pickler's memo, the build's loader), ~2,000
    of them at 1,000 criteria."""
    known: dict[int, str] = {}
    for node, number, _ in items:
        for text in (node.document.source.path, number):
            known[id(text)] = text
        for chunk in node.extra:
            known[id(chunk.location.path)] = chunk.location.path
    for resolver in resolvers:
        for target in resolver.targets.values():
            known[id(target.number)] = target.number
        for found in (resolver.terms.forms, resolver.terms.names):
            for term in found.values():
                known[id(term.id)] = term.id
                known[id(term.tooltip)] = term.tooltip
    for text in _code_strings():
        known[id(text)] = text
    return list(known.values())


@cache
def _code_strings() -> tuple[str, ...]:
    """The strings in the code of the modules that find problems while rendering
    (`_DIAGNOSING`): a diagnostic's hint is one of them, the same object in every diagnostic
    made with it, whichever criterion it is about, and so pickled once in a stored version."""
    found: dict[int, str] = {}
    codes: list[types.CodeType] = []
    for name in _DIAGNOSING:
        module = sys.modules.get(name)
        for value in list(vars(module).values()) if module is not None else ():
            if getattr(value, "__module__", None) != name:
                continue  # (imported)
            members = vars(value).values() if isinstance(value, type) else (value,)
            codes.extend(
                code
                for member in members
                if type(code := getattr(member, "__code__", None)) is types.CodeType
            )
    while codes:
        for constant in codes.pop().co_consts:
            if type(constant) is str:
                found[id(constant)] = constant
            elif type(constant) is types.CodeType:
                codes.append(constant)
    return tuple(found.values())


_DIAGNOSING = (
    "normkit.assemble.links",
    "normkit.assemble.resolution",
    "normkit.sources.cells",
    "normkit.sources.control",
    "normkit.sources.inline",
    "normkit.sources.tree",
)
"""The modules whose diagnostics rendering makes (a criterion's, or an entry's)."""


def _start(ahead: RendersAhead) -> Worker | None:
    """The helper, rendering each stretch of a build backward from its last item, or None
    where none can be started (the build renders every item)."""
    return start_worker("normkit-renders", partial(_render_backward, ahead))


def _render_backward(ahead: RendersAhead, buffer: int, ready: int) -> None:
    """In the helper: each stretch's items from the last backward (`_backward_by_build`),
    each one not claimed yet claimed, rendered and sent with the questions about files it
    asked."""
    from normkit.signals import signal

    gc.disable()  # short-lived: a collection would walk (and copy) the inherited heap
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops it when it needs to
    shelving = shelve_tokens()
    stream = io.BytesIO()
    sender = pickle.Pickler(stream, protocol=PROTOCOL)
    sender.dispatch_table = StoredReducers(copyreg.dispatch_table)
    sender.memo = {id(text): (index, text) for index, text in enumerate(ahead.known)}
    for place in _backward_by_build(ahead.owners, ahead.claims):
        ahead.claims[place] = _HELPER
        item = ahead.items[place]
        renderer, resolver = ahead.jobs[ahead.owners[place]]
        # (a build's: those of `reuse.Renders`; the read's: its own)
        asked: list[FileAnswer] = (
            resolver.files.asked if isinstance(resolver.files, AskedFiles) else []
        )
        start = len(asked)
        made = renderer.render(item, resolver)
        if shelving:  # those unpacked here (the build packs those it parsed: `Chunk.shelve`)
            item[0].shelve(pack_new=False)
        rendereds = renderer.rendereds(made)
        terms = [_terms_in_order(rendered) for rendered in rendereds]
        if all(order is not None for order in terms):
            for rendered in rendereds:
                rendered.terms = set()  # sent as the list it is built again from
        sender.dump(None if None in terms else (made, asked[start:], terms))
        send_record(buffer, ready, str(place), stream.getvalue())
        stream.seek(0)
        stream.truncate()


def _backward_by_build(owners: list[int], claims: mmap.mmap) -> Iterator[int]:
    """The items the helper claims, in its order: each stretch's (`stretches`) from its last
    backward, up to the first claimed by the build, then the next stretch's. The helper is
    then at work on the next stretch while the build takes in what it sent of this one
    (about a sixth of the cost of rendering it, on one core), rather than idle from where
    they met to the end of the read."""
    for start, stop in stretches(owners):
        for place in range(stop - 1, start - 1, -1):
            if claims[place] != _FREE:
                break  # it met the build: on to the next
            yield place


STRETCH = 250
"""Items of one build at most that the helper renders backward before it goes on to the
next stretch (a build of more is cut into equal stretches): where they meet, the build takes
in what the helper sent of the stretch, at most about half of it, while the helper renders
the next (at 5,000 criteria in one stretch, ~2,500 renderings taken in at ~30 us each
while the second core idled)."""


def stretches(owners: list[int]) -> list[tuple[int, int]]:
    """[start, stop) of each stretch of items, in order: each build's (`owners`: each item's
    build), cut into equal stretches of at most `STRETCH` items."""
    end = len(owners)
    starts = [place for place in range(1, end) if owners[place] != owners[place - 1]]
    found: list[tuple[int, int]] = []
    for start, stop in zip([0, *starts], [*starts, end], strict=True):
        count = -(-(stop - start) // STRETCH)
        found.extend(
            (start + (stop - start) * part // count, start + (stop - start) * (part + 1) // count)
            for part in range(count)
        )
    return found


class _Loader(pickle.Unpickler):
    """Loads what the helper sent, one after another: each refers to the objects of those
    before it (the helper pickles them all with one `Pickler`, which pickles an object once,
    and a class once) and to the `known` strings, which the helper found in its memory as
    they were at the fork (the same objects as the build's) and pickled by reference to
    them: before anything it sent is loaded, the build's own objects are put in the same
    places (the `memo` of an `Unpickler` cannot be set from Python: its setter leaves it
    empty in Python 3.11)."""

    def __init__(self, known: list[str]) -> None:
        places = (_KNOWN.pack(b"J", index, b"Q\x940") for index in range(len(known)))
        self._stream = io.BytesIO(b"".join([b"\x80\x05", *places, b"N."]))
        super().__init__(self._stream)
        self._known = known
        self.load()  # (the strings put in their places)

    def persistent_load(self, pid: Any) -> str:
        text: str = self._known[pid]
        return text

    def load_next(self, data: bytes) -> object:
        self._stream.seek(0)
        self._stream.truncate()
        self._stream.write(data)
        self._stream.seek(0)
        return self.load()

    def find_class(self, module: str, name: str) -> Any:
        found = _CLASSES.get((module, name))
        if found is not None:
            return found  # (looked up once: a rendering names about 7, an import each)
        named = maker_named(module, name)  # a frozen class' maker (`StoredReducers`)
        if (named or (module, name))[0].startswith("normkit."):
            found = super().find_class(*(named or (module, name)))
            if not isinstance(found, type):
                found = None
            elif named is not None:
                found = stored_maker(found)  # (only for a frozen dataclass)
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a rendering")
        _CLASSES[(module, name)] = found
        return found


_KNOWN = struct.Struct("<ci3s")
"""A known string put in its place: `BININT` its index, `BINPERSID`, `MEMOIZE`, `POP`."""
_CLASSES: dict[tuple[str, str], Any] = {}
"""The classes (and frozen classes' makers) renderings named so far, by module and name."""
