"""Dates a reader cannot misread: one period in force per version, a transition only after a
predecessor, "Superseded by" only by a version in force, a draft successor named as such."""

from __future__ import annotations

import datetime
from pathlib import Path

from pypdf import PdfReader

from normkit.model.corpus import Corpus
from normkit.model.validity import in_force_text, validity


def _version(corpus: Corpus, standard: str, name: str) -> tuple[object, object]:
    found = corpus.standard(standard)
    assert found is not None
    version = found.version(name)
    assert version is not None
    return found, version


def test_periods_in_force(harbour_corpus: Corpus, demo_corpus: Corpus) -> None:
    cases = [
        (harbour_corpus, "harbour", "2019", "In force from 1 July 2019 until 31 May 2024"),
        (harbour_corpus, "harbour", "2023", "In force from 1 June 2023"),
        (harbour_corpus, "harbour", "2026", "Not in force (consultation draft)"),
        (demo_corpus, "performance", "v2", "In force from 1 November 2021 until 1 September 2026"),
        (demo_corpus, "performance", "v3", "In force from 1 September 2025"),
        (demo_corpus, "chain-of-custody", "v1", "In force from 1 January 2023 until 30 June 2025"),
    ]
    for corpus, standard, name, expected in cases:
        found, version = _version(corpus, standard, name)
        assert in_force_text(found, version) == expected, (standard, name)  # type: ignore[arg-type]


def test_first_versions_have_no_transition_and_drafts_supersede_nothing(
    harbour_corpus: Corpus, demo_corpus: Corpus
) -> None:
    standard, first = _version(harbour_corpus, "harbour", "2019")
    assert first.transition_end == datetime.date(2019, 12, 31)  # type: ignore[attr-defined]
    assert validity(standard, first).transition_end is None  # type: ignore[arg-type]
    standard, current = _version(demo_corpus, "performance", "v3")
    period = validity(standard, current)  # type: ignore[arg-type]
    assert period.successor is None
    assert period.draft_successor is not None and period.draft_successor.name == "v4"
    assert period.transition_end == datetime.date(2026, 9, 1)


def _site(harbour: tuple[Corpus, Path], path: str) -> str:
    return (harbour[1] / "site" / path / "index.html").read_text(encoding="utf-8")


def test_site_says_the_same(harbour: tuple[Corpus, Path]) -> None:
    home = _site(harbour, "")
    assert "In force from 1 July 2019 until 31 May 2024" in home
    assert "31 December 2019" not in home
    current = _site(harbour, "harbour/2023")
    assert "Superseded by" not in current
    assert "Draft successor" in current
    assert "consultation open until 30 June 2026" in current
    assert "Harbour Safety Code 2019 may be used until 31 May 2024" in current
    first = _site(harbour, "harbour/2019")
    assert "Transition" not in first.split('class="nk-facts"', 1)[1].split("</dl>", 1)[0]
    assert "It may be used until 31 May 2024" in first


def test_pdf_cover_says_the_same(harbour: tuple[Corpus, Path]) -> None:
    cover = PdfReader(harbour[1] / "pdf" / "harbour-2023.pdf").pages[0].extract_text()
    flat = " ".join(cover.split())
    assert "Superseded by" not in flat
    assert "Draft successor Harbour Safety Code 2026, consultation open until 30 June 2026" in flat
    assert "In force from 1 June 2023" in flat
    first = PdfReader(harbour[1] / "pdf" / "harbour-2019.pdf").pages[0].extract_text()
    assert "Transition" not in first
    assert "31 December 2019" not in first
