"""The note a withdrawn criterion shows: "Withdrawn — incorporated into AC-2, AU-6." with each
target a cross-reference, so that every output links it the way it links any reference."""

from __future__ import annotations

import html

from normkit.assemble.drafts import CriterionDraft
from normkit.assemble.resolution import VersionResolver
from normkit.model.standard import CriterionStatus
from normkit.model.text import EMPTY_TEXT, Piece, Reference, Text

NOTE_CLASS = "nk-withdrawn-note"
REASON_CLASS = "nk-withdrawn-reason"


def withdrawal_note(draft: CriterionDraft, resolver: VersionResolver) -> Text:
    """The note as a `Text` (empty for a criterion in force); a target that does not resolve
    (reported by `check`) is shown as written, unlinked."""
    if draft.status is not CriterionStatus.WITHDRAWN:
        return EMPTY_TEXT
    pieces: list[Piece] = [f'<p class="{NOTE_CLASS}"><strong>Withdrawn</strong>']
    plain, markdown = ["Withdrawn"], ["**Withdrawn**"]
    if draft.withdrawn_to:
        phrase = f" — {draft.withdrawn_as.phrase} "
        pieces.append(html.escape(phrase))
        plain.append(phrase)
        markdown.append(phrase)
        for index, (key, _) in enumerate(draft.withdrawn_to):
            separator = ", " if index else ""
            target = resolver.reference(key)
            label = target.label if target is not None else key
            pieces.append(separator)
            pieces.append(
                Reference(key=target.key, anchor=target.anchor, text=label, title=target.title)
                if target is not None
                else html.escape(key)
            )
            plain.append(separator + label)
            markdown.append(f"{separator}[[{key}]]")
    pieces.append(".")
    plain.append(".")
    markdown.append(".")
    if draft.withdrawn_reason:
        reason = draft.withdrawn_reason
        pieces.append(f' <span class="{REASON_CLASS}">{html.escape(reason)}</span>')
        plain.append(f" {reason}")
        markdown.append(f" {reason}")
    pieces.append("</p>")
    return Text(markdown="".join(markdown), pieces=tuple(pieces), plain="".join(plain))
