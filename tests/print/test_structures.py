"""Withdrawn criteria, section notes and display numbers as authored, in PDF and DOCX."""

from __future__ import annotations

import docx
import pytest
from pypdf import PdfReader

from tests.conftest import BuiltCase
from tests.print.conftest import outline_titles, pdf_text, squash
from tests.print.test_pdf import assert_links_inside

pytestmark = pytest.mark.slow

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _link_targets(reader: PdfReader, page_index: int) -> set[str]:
    targets = set()
    for annotation in reader.pages[page_index].get("/Annots") or []:
        link = annotation.get_object()
        action = link.get("/A")
        destination = link.get("/Dest") or (action.get("/D") if action else None)
        if destination is not None:
            targets.add(str(destination))
    return targets


def test_pdf_shows_withdrawn_criteria_with_linked_targets(built_case: BuiltCase) -> None:
    _, out = built_case("ok--withdrawn")
    path = out / "pdf" / "controls-rev5.pdf"
    text = squash(pdf_text(path))
    assert "AC-13 Supervision and review Status: Withdrawn" in text
    assert "Withdrawn — incorporated into AC-2, AU-6." in text
    assert "Withdrawn — moved to AC-11(1). The requirement now sits with" in text
    assert "Withdrawn. Addressed through tailoring." in text
    reader = PdfReader(path)
    assert "AC-13 Supervision and review" in outline_titles(reader)
    page = next(
        i for i, p in enumerate(reader.pages) if "Withdrawn — incorporated" in p.extract_text()
    )
    assert {"ac-2", "au-6"} <= _link_targets(reader, page)
    assert_links_inside(reader)


def test_pdf_prints_section_notes_after_their_criterion(built_case: BuiltCase) -> None:
    _, out = built_case("ok--section-notes")
    text = squash(pdf_text(out / "pdf" / "demo-v2.pdf"))
    order = [
        "The Entity shall publish an annual report",
        "The annual report may be combined",
        "2.2 Record keeping",
        "Records let an auditor check the report",
        "References • A records-management standard",
        "Further reading Sector associations",
    ]
    body = text[text.index("How an Entity tells others") :]
    positions = [body.index(words) for words in order]
    assert positions == sorted(positions)
    guidance = squash(pdf_text(out / "pdf" / "demo-guidance-v2-2023.pdf"))
    assert guidance.index("Scanned records are fine.") < guidance.index("Both criteria of this")


def test_pdf_outline_shows_numbers_as_authored(built_case: BuiltCase) -> None:
    _, out = built_case("ok--numbers")
    titles = outline_titles(PdfReader(out / "pdf" / "controls-rev5.pdf"))
    assert {"AC Access Control", "AC-2(1) Automated account management", "AC-2(13)", "AU"} <= set(
        titles
    )
    assert "2.1" in outline_titles(PdfReader(out / "pdf" / "demo-v2.pdf"))


def _styled(path: str) -> list[tuple[str, str, list[str]]]:
    """(style, text, bookmark anchors linked) of every paragraph."""
    document = docx.Document(path)
    return [
        (
            p.style.name if p.style is not None else "",
            p.text,
            [str(h.get(f"{W}anchor")) for h in p._p.iter(f"{W}hyperlink") if h.get(f"{W}anchor")],
        )
        for p in document.paragraphs
    ]


def test_docx_greys_withdrawn_criteria_and_links_their_targets(built_case: BuiltCase) -> None:
    _, out = built_case("ok--withdrawn")
    path = out / "docx" / "controls-rev5.docx"
    rows = _styled(str(path))
    withdrawn = [
        (style, text, links) for style, text, links in rows if style.startswith("Withdrawn")
    ]
    assert withdrawn[2:5] == [
        ("Withdrawn Title", "AC-13 Supervision and review", []),
        ("Withdrawn Note", "Withdrawn — incorporated into AC-2, AU-6.", ["ac-2", "au-6"]),
        ("Withdrawn Title", "AC-15 Automated marking", []),
    ]
    styles = docx.Document(str(path)).styles
    active = styles["Criterion Title"].font.color.rgb
    assert styles["Withdrawn Title"].font.color.rgb not in (None, active)
    assert styles["Withdrawn Text"].font.color.rgb == styles["Withdrawn Title"].font.color.rgb


def test_docx_keeps_section_notes_out_of_criteria(built_case: BuiltCase) -> None:
    _, out = built_case("ok--section-notes")
    rows = _styled(str(out / "docx" / "demo-v2.docx"))
    texts = [text for _, text, _ in rows]
    note = texts.index(
        "The annual report may be combined with any other report the Entity publishes."
    )
    assert rows[note][0] == "Section Note"
    assert texts.index("2.2 Record keeping") > note
    guidance = _styled(str(out / "docx" / "demo-guidance-v2-2023.docx"))
    assert ("Section Note", "Both criteria of this principle are new in V2.", []) in guidance
