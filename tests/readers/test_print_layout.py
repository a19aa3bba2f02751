"""No generated PDF prints text over other text: every PDF of the demo build (standards,
guidance, summaries of changes) and of the harbour project, read back word by word."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from tests.readers.overlap import Word, overlapping_lines, page_overlaps

pytestmark = pytest.mark.slow


def _all_overlaps(out: Path) -> list[str]:
    pdfs = sorted(out.glob("pdf/*.pdf")) + sorted(out.glob("diff/**/*.pdf"))
    assert any(out.glob("diff/**/*.pdf")), "no summary of changes to read"
    return [problem for pdf in pdfs for problem in overlapping_lines(pdf)]


def test_no_demo_pdf_has_overlapping_text(demo_out: Path) -> None:
    assert not _all_overlaps(demo_out)


def test_no_harbour_pdf_has_overlapping_text(harbour: tuple[Corpus, Path]) -> None:
    assert not _all_overlaps(harbour[1])


def _line(text: str, x0: float, top: float, size: float = 10.0) -> list[Word]:
    words = []
    for word in text.split():
        width = size * 0.5 * len(word)
        words.append(Word(word, x0, top, x0 + width, top + size))
        x0 += width + size * 0.3
    return words


def test_the_detector_finds_text_over_text_and_nothing_else() -> None:
    heading = _line("Changes in detail", 10, 100, size=16)
    below = _line("next line", 10, 118)
    assert page_overlaps(heading + below) == []
    same_line = _line("Changes", 10, 100, size=16) + _line("touching", 66, 106)
    assert page_overlaps(same_line) == []
    over = _line("removed item", 12, 108)
    assert page_overlaps(heading + over) == [("Changes in detail", "removed item")]
