"""The note a withdrawn criterion shows: "Withdrawn — incorporated into AC-2, AU-6." with each
target a cross-reference, so that every output links it the way it links any reference."""

from __future__ import annotations

import html
from collections.abc import Sequence

from normkit.assemble.drafts import CriterionDraft
from normkit.assemble.resolution import VersionResolver
from normkit.model.standard import CriterionStatus, Withdrawal
from normkit.model.text import EMPTY_TEXT, Piece, Reference, Text
from normkit.sources.render import RefTarget
from normkit.translations.labels import _

NOTE_CLASS = "nk-withdrawn-note"
REASON_CLASS = "nk-withdrawn-reason"


def withdrawal_note(draft: CriterionDraft, resolver: VersionResolver) -> Text:
    """The note as a `Text` (empty for a criterion in force); a target that does not resolve
    (reported by `check`) is shown as written, unlinked."""
    if draft.status is not CriterionStatus.WITHDRAWN:
        return EMPTY_TEXT
    targets = [(key, resolver.reference(key)) for key, _ in draft.withdrawn_to]
    return withdrawal_text(targets, draft.withdrawn_as, draft.withdrawn_reason)


def withdrawal_text(
    targets: Sequence[tuple[str, RefTarget | None]], withdrawn_as: Withdrawal, reason: str
) -> Text:
    """ "Withdrawn — incorporated into …" with its targets as references, in the labels'
    language, and the reason as given."""
    word = _("Withdrawn")
    pieces: list[Piece] = [f'<p class="{NOTE_CLASS}"><strong>{html.escape(word)}</strong>']
    plain, markdown = [word], [f"**{word}**"]
    if targets:
        phrase = f" — {_(withdrawn_as.phrase)} "
        pieces.append(html.escape(phrase))
        plain.append(phrase)
        markdown.append(phrase)
        for index, (key, target) in enumerate(targets):
            separator = ", " if index else ""
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
    if reason:
        pieces.append(f' <span class="{REASON_CLASS}">{html.escape(reason)}</span>')
        plain.append(f" {reason}")
        markdown.append(f" {reason}")
    pieces.append("</p>")
    return Text(markdown="".join(markdown), pieces=tuple(pieces), plain="".join(plain))
