"""Print layout read back from every PDF of the demo build and of the harbour project: no
text over other text (standards, guidance, summaries of changes, word by word); a label of a
criterion's strip on the same line as its value; a running header naming the version once."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from normkit.model.standard import Standard, Version
from normkit.outputs.pdf.documents import MARGIN_MARKS, revision_marks
from normkit.outputs.pdf.facts import criterion_facts
from tests.readers.overlap import Word, overlapping_lines, page_overlaps, pages_words

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


def _built(project: str, request: pytest.FixtureRequest) -> tuple[Corpus, Path]:
    """The corpus and build folder of the demo or of the harbour project."""
    if project == "demo":
        return request.getfixturevalue("demo_corpus"), request.getfixturevalue("demo_out")
    built: tuple[Corpus, Path] = request.getfixturevalue("harbour")
    return built


def _version_pdfs(corpus: Corpus, out: Path) -> list[tuple[Standard, Version, Path]]:
    found = []
    for standard in corpus.standards:
        for version in standard.versions:
            pdf = out / "pdf" / f"{version.standard}-{version.name}.pdf"
            assert pdf.is_file(), pdf
            found.append((standard, version, pdf))
    return found


def _text_lines(pdf: Path, *pages: int) -> list[str]:
    command = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        command += ["-f", str(pages[0]), "-l", str(pages[-1])]
    text = subprocess.run([*command, str(pdf), "-"], capture_output=True, check=True).stdout
    return [line.strip() for line in text.decode("utf-8").splitlines()]


def _split_labels(corpus: Corpus, out: Path) -> list[str]:
    """`file: line` wherever a criterion strip's label is split from its value or itself."""
    problems = []
    for standard, version, pdf in _version_pdfs(corpus, out):
        labels = {
            label
            for criterion in version.criteria()
            for label, _ in criterion_facts(standard, version, criterion)
        }
        tails = {
            " ".join(label.split()[start:]) + ":"
            for label in labels
            for start in range(1, len(label.split()))
        }
        for line in _text_lines(pdf):
            if any(line.endswith(f"{label}:") for label in labels) or any(
                line.startswith(tail) for tail in tails
            ):
                problems.append(f"{pdf.name}: {line!r}")
    return problems


@pytest.mark.parametrize("project", ["demo", "harbour"])
def test_labels_stay_with_their_values(project: str, request: pytest.FixtureRequest) -> None:
    corpus, out = _built(project, request)
    assert not _split_labels(corpus, out)


@pytest.mark.parametrize("project", ["demo", "harbour"])
def test_the_running_header_names_the_version_once(
    project: str, request: pytest.FixtureRequest
) -> None:
    corpus, out = _built(project, request)
    for standard, version, pdf in _version_pdfs(corpus, out):
        header = _text_lines(pdf, 2)[0]
        assert header.startswith(version.title), (pdf.name, header)
        assert header.lower().split().count(version.name.lower()) <= 1, (pdf.name, header)
        assert standard.code in header, (pdf.name, header)


@pytest.mark.parametrize("project", ["demo", "harbour"])
def test_drafts_mark_what_changed_in_the_margin(
    project: str, request: pytest.FixtureRequest
) -> None:
    """A draft's criteria that are new, changed or withdrawn against the version it revises
    say so in the outside margin, right of the text; other versions have no marks."""
    corpus, out = _built(project, request)
    drafts = 0
    for _standard, version, pdf in _version_pdfs(corpus, out):
        expected = sorted(MARGIN_MARKS[kind] for kind in revision_marks(corpus, version).values())
        found = []
        for page in pages_words(pdf):
            right = max((w.x1 for w in page if w.text not in MARGIN_MARKS.values()), default=0)
            found += [w.text for w in page if w.text in MARGIN_MARKS.values() and w.x0 > right]
        assert sorted(found) == expected, pdf.name
        drafts += bool(expected)
    assert drafts >= 1
