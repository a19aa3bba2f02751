"""The note a withdrawn criterion shows: "Withdrawn — incorporated into AC-2, AU-6." with each
target a cross-reference, so that every output links it the way it links any reference. A
section target (`section:<key>`) is a link to the section in its chapter, which every output
already follows as it follows a Markdown link to `02-climate.md#<key>`."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from normkit.assemble.drafts import CriterionDraft
from normkit.assemble.resolution import VersionResolver
from normkit.model.location import Location
from normkit.model.standard import SECTION_TARGET_PREFIX, CriterionStatus, Section, Withdrawal
from normkit.model.text import (
    EMPTY_TEXT,
    LinkEnd,
    LinkStart,
    LinkTarget,
    Piece,
    Reference,
    TargetKind,
    Text,
)
from normkit.sources.context import Resolver
from normkit.sources.render import RefTarget
from normkit.translations.labels import _

NOTE_CLASS = "nk-withdrawn-note"
REASON_CLASS = "nk-withdrawn-reason"


@dataclass(frozen=True, slots=True)
class SectionTarget:
    """A section a requirement went to, as the note links it."""

    chapter: str
    """Project path of the chapter file the section is in."""
    key: str
    label: str
    """What the note shows: the section's number and title (a bare number would read as a
    criterion's)."""
    title: str
    """The tooltip: the same."""

    @classmethod
    def of(cls, section: Section) -> SectionTarget:
        full = f"{section.number} {section.title}".strip() or section.key
        return cls(section.location.path, section.key, full, full)


Target = RefTarget | SectionTarget | None
SectionLookup = Callable[[str], Section | None]


def no_sections(key: str) -> Section | None:
    return None


def note_targets(
    written: Sequence[str], resolver: Resolver, sections: SectionLookup = no_sections
) -> list[tuple[str, Target]]:
    """Each `withdrawn_to` item as written, with what it names (None: nothing; reported by
    `check`)."""
    found: list[tuple[str, Target]] = []
    for key in written:
        if key.startswith(SECTION_TARGET_PREFIX):
            section = sections(key.removeprefix(SECTION_TARGET_PREFIX))
            found.append((key, SectionTarget.of(section) if section is not None else None))
        else:
            found.append((key, resolver.reference(key)))
    return found


def withdrawal_note(
    draft: CriterionDraft, resolver: VersionResolver, sections: SectionLookup = no_sections
) -> Text:
    """The note as a `Text` (empty for a criterion in force); a target that does not resolve
    (reported by `check`) is shown as written, unlinked."""
    if draft.status is not CriterionStatus.WITHDRAWN:
        return EMPTY_TEXT
    # Criteria first, then sections: the order the model keeps them in (`withdrawn_to`,
    # `withdrawn_to_sections`), so that a translation's note reads the same.
    written = [key for key, _ in draft.withdrawn_to if not key.startswith(SECTION_TARGET_PREFIX)]
    written += [key for key, _ in draft.withdrawn_to if key.startswith(SECTION_TARGET_PREFIX)]
    targets = note_targets(written, resolver, sections)
    return withdrawal_text(targets, draft.withdrawn_as, draft.withdrawn_reason, draft.location)


def withdrawal_text(
    targets: Sequence[tuple[str, Target]],
    withdrawn_as: Withdrawal,
    reason: str,
    location: Location | None = None,
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
            pieces.append(separator)
            if isinstance(target, SectionTarget):
                label = target.label
                link = LinkTarget(kind=TargetKind.PROJECT, value=target.chapter, anchor=target.key)
                where = location or Location(path=target.chapter)
                pieces.extend(
                    (
                        LinkStart(target=link, title=target.title, location=where),
                        html.escape(label),
                        LinkEnd(),
                    )
                )
                markdown.append(f"{separator}[{label}](/{target.chapter}#{target.key})")
            elif target is not None:
                label = target.label
                pieces.append(
                    Reference(key=target.key, anchor=target.anchor, text=label, title=target.title)
                )
                markdown.append(f"{separator}[[{key}]]")
            else:
                label = key
                pieces.append(html.escape(key))
                markdown.append(f"{separator}{key}")
            plain.append(separator + label)
    pieces.append(".")
    plain.append(".")
    markdown.append(".")
    if reason:
        pieces.append(f' <span class="{REASON_CLASS}">{html.escape(reason)}</span>')
        plain.append(f" {reason}")
        markdown.append(f" {reason}")
    pieces.append("</p>")
    return Text(markdown="".join(markdown), pieces=tuple(pieces), plain="".join(plain))
