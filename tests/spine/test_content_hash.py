"""A criterion's content hash is the SHA-256 of its payload as `json.dumps(payload,
sort_keys=True, ensure_ascii=False)` writes it: an active criterion's payload is written
directly (`versions._active_payload`), and must stay the same text, or every published
`content_hash` would change."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

import pytest

from normkit.assemble.drafts import CriterionDraft
from normkit.assemble.versions import content_hash
from normkit.model.standard import CriterionStatus

AWKWARD = 'quotes " and \\ backslash, é ü 漢字, emoji 🌍, \t tab, \x00 \x1f controls, \u2028 \u2029'


def _draft(**changes: Any) -> CriterionDraft:
    values: dict[str, Any] = {
        "id": "c-1",
        "number": "1.1",
        "title": "Title",
        "applies_to": ("mining", "refining"),
        "fields": {"criticality": "core"},
        "replaces": (),
        "node": None,
        "part_count": 0,
    }
    values.update(changes)
    return CriterionDraft(**values)


def _dumped(draft: CriterionDraft, markdown: str) -> str:
    payload: dict[str, Any] = {
        "title": draft.title,
        "body": markdown,
        "applies_to": list(draft.applies_to),
        "fields": {k: str(v) for k, v in sorted(draft.fields.items())},
    }
    if draft.status is not CriterionStatus.ACTIVE:
        payload["status"] = str(draft.status)
        payload["withdrawn_to"] = [target for target, _ in draft.withdrawn_to]
        payload["withdrawn_as"] = str(draft.withdrawn_as)
        payload["withdrawn_reason"] = draft.withdrawn_reason
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return "sha256:" + hashlib.sha256(encoded).hexdigest()


@pytest.mark.parametrize(
    "draft",
    [
        _draft(),
        _draft(title=AWKWARD, applies_to=(AWKWARD, "x"), fields={AWKWARD: AWKWARD}),
        _draft(applies_to=(), fields={}),
        _draft(
            fields={
                "zeta": ("a", "b"),
                "alpha": True,
                "date": datetime.date(2025, 1, 2),
                "none": None,
                "number": 1.5,
                "Upper": "sorted before lower case",
            }
        ),
        _draft(status=CriterionStatus.WITHDRAWN, withdrawn_to=()),
    ],
)
@pytest.mark.parametrize("markdown", ["", "The Entity shall.", AWKWARD + "\n\n1. a part"])
def test_the_hash_is_that_of_the_payload_as_json(draft: CriterionDraft, markdown: str) -> None:
    assert content_hash(draft, markdown) == _dumped(draft, markdown)
