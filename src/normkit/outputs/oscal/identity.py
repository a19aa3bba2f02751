"""Names in the OSCAL output: the version written, tokens for ids, deterministic UUIDs.

OSCAL ids are XML names (`TokenDatatype`: a letter or `_` first), so a criterion id that
starts with a digit gets a `_` in front; `normkit import` takes it off again. UUIDs are
version 5, derived from the standard's namespace and what they name, so the same sources
give the same file: an object keeps its UUID across builds, and a document's UUID changes
when, and only when, its content does (as OSCAL asks of a revised document).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import uuid
from typing import Any

from normkit.model.standard import Standard, Version

OSCAL_VERSION = "1.2.1"
"""The OSCAL release whose schemas the output follows (see schemas/NOTICE.md)."""

_TOKEN = re.compile(r"^[^\W\d][\w.\-]*$")
_NOT_TOKEN = re.compile(r"[^\w.\-]+")
_EPOCH = datetime.date(1970, 1, 1)


def token(name: str) -> str:
    """`name` as an OSCAL token: `5-climate` → `_5-climate`; other characters become `-`."""
    cleaned = _NOT_TOKEN.sub("-", name).strip("-") or "_"
    return cleaned if _TOKEN.match(cleaned) else f"_{cleaned}"


def control_id(criterion_id: str) -> str:
    return token(criterion_id)


def statement_id(criterion_id: str) -> str:
    return f"{control_id(criterion_id)}_smt"


def item_id(criterion_id: str, label: str) -> str:
    """A lettered part's id, as NIST writes statement items (`ac-2_smt.a`)."""
    return f"{statement_id(criterion_id)}.{label}"


def fragment(criterion_id: str, part: str | None = None) -> str:
    """`#control` or `#control_smt.b`: a link to a control or one of its items."""
    return f"#{item_id(criterion_id, part) if part else control_id(criterion_id)}"


def namespace_uuid(standard: Standard) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, standard.namespace)


def object_uuid(standard: Standard, *names: str) -> str:
    """The UUID of an object: the same names always give the same UUID."""
    return str(uuid.uuid5(namespace_uuid(standard), "/".join(names)))


def document_uuid(standard: Standard, kind: str, name: str, document: dict[str, Any]) -> str:
    """A document's UUID: derived from what it is and from its content."""
    digest = hashlib.sha256(
        json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return object_uuid(standard, kind, name, digest)


def timestamp(day: datetime.date | None) -> str:
    """An OSCAL date-time for a date (midnight UTC); the epoch when there is none."""
    return f"{(day or _EPOCH).isoformat()}T00:00:00Z"


def last_modified(version: Version) -> str:
    """The version's publication date, else the newest date the version gives: a date
    that comes from the sources, so that the same sources give the same file."""
    dates = [
        d
        for d in (
            version.published,
            version.effective,
            version.consultation_closes,
            version.transition_end,
        )
        if d
    ]
    return timestamp(version.published or (max(dates) if dates else None))


def one_line(text: str) -> str:
    """Text for a single-line OSCAL string (titles, prop values): white space collapsed."""
    return " ".join(text.split())
