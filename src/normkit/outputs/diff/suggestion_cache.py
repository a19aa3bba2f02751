"""Successor suggestions kept between builds, keyed by exactly what they are computed from.

Suggesting successors (`revisions.successors`) costs a second or more per changeset, most of
it importing numpy, scipy and scikit-learn, and gives the same links for the same inputs.
An entry of the diff output's `RenderCache` is named by a digest of those inputs: both
versions' items as the engine reads them (ids, titles, plain bodies, section titles,
numbers, guidance text), the pairs ids and `replaces` already make, the default confidence,
the source of the engine, of `suggestions_for` and of this module (how entries are written
and read), and the versions of the libraries it calls. Any change to one of them gives
another name; an entry that does not match its checksum, or does not read back as
suggestions, is computed again and never served. Entries the build did not ask for are
pruned with the diff output's other entries.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import normkit
from normkit.outputs.diff.serialise import suggestion_document
from normkit.outputs.render_cache import RenderCache, digest_of
from normkit.revisions import successors
from normkit.revisions.changeset import Changeset
from normkit.revisions.comparison import SuggestionRequest
from normkit.revisions.successors import DEFAULT_CONFIDENCE, Item, Suggestion
from normkit.revisions.successors.links import Origin, SuccessorKind

SUFFIX = ".suggestions.json"
LIBRARIES = ("numpy", "scipy", "scikit-learn", "rapidfuzz")
"""What the engine calls: a new release may round a score differently."""


@cache
def engine_fingerprint() -> str:
    """The engine's code and libraries, read from their files and metadata without importing
    them (importing is the cost a cached build saves)."""
    parts: list[str | bytes] = [normkit.__version__]
    package = Path(successors.__file__).parent
    serialise = Path(__file__).with_name("serialise.py")
    own = [package.parent / "comparison.py", Path(__file__), serialise]  # and how entries read
    for path in [*sorted(package.glob("*.py")), *own]:
        parts += [path.name, path.read_bytes()]
    for library in LIBRARIES:
        try:
            parts += [library, metadata.version(library)]
        except metadata.PackageNotFoundError:
            parts += [library, ""]
    return digest_of(parts)


def _item_parts(item: Item) -> list[str]:
    return [
        item.key,
        item.title,
        item.body,
        str(len(item.sections)),
        *item.sections,
        item.number,
        item.guidance,
    ]


def suggestion_key(request: SuggestionRequest) -> str:
    old_items, new_items, known = request.inputs()
    parts: list[str | bytes] = [engine_fingerprint(), repr(DEFAULT_CONFIDENCE)]
    for label, items in (("old", old_items), ("new", new_items)):
        parts += [label, str(len(items))]
        for item in items:
            parts += _item_parts(item)
    parts += ["known", str(len(known))]
    for old_id, new_id in sorted(known.items()):
        parts += [old_id, new_id]
    return digest_of(parts)


def encode(found: tuple[Suggestion, ...]) -> bytes:
    return json.dumps([_document(s) for s in found], ensure_ascii=False).encode()


def _document(suggestion: Suggestion) -> dict[str, Any]:
    # The changeset JSON's fields, and which evidence proposed it (not published there).
    return {**suggestion_document(suggestion), "origin": str(suggestion.origin)}


def decode(data: bytes) -> tuple[Suggestion, ...]:
    """The suggestions `encode` wrote; ValueError, KeyError or TypeError for anything else."""
    found = []
    for entry in json.loads(data):
        found.append(
            Suggestion(
                old_id=_typed(entry["old_id"], str),
                new_id=_typed(entry["new_id"], str),
                kind=SuccessorKind(entry["kind"]),
                confidence=_number(entry["confidence"]),
                origin=Origin(entry["origin"]),
                text_similarity=_number(entry["text_similarity"]),
                title_similarity=_number(entry["title_similarity"]),
                old_in_new=_number(entry["old_in_new"]),
                new_in_old=_number(entry["new_in_old"]),
                same_section=_typed(entry["same_section"], bool),
                changes=tuple(_typed(change, str) for change in entry["changes"]),
            )
        )
    return tuple(found)


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise TypeError(f"{value!r} is not a {kind.__name__}")
    return value


def _number(value: Any) -> float:
    # The engine rounds every score to a float; JSON gives a whole one back as an int.
    if type(value) is int:
        return float(value)
    return float(_typed(value, float))


def cached_suggestions(changeset: Changeset, store: RenderCache) -> None:
    """Settle `changeset`'s suggestions from `store`, or compute them and store them."""
    request = changeset.pending.request
    if not isinstance(request, SuggestionRequest) or not request.needed:
        return  # already computed, or nothing to suggest (no engine runs either way)
    key = suggestion_key(request)
    data = store.get(key, SUFFIX)
    if data is not None:
        try:
            changeset.pending.settle(decode(data))
            return
        except (ValueError, KeyError, TypeError):
            pass  # not what this code writes: compute again
    found = request()
    store.put(key, SUFFIX, encode(found))
    changeset.pending.settle(found)
