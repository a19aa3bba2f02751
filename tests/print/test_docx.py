"""DOCX files read back with python-docx: criteria, Word styles, properties, line numbers."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from normkit.model.corpus import Corpus
from normkit.model.standard import Version
from normkit.outputs.docx.html_document import version_word_job
from normkit.outputs.docx.writer import reference_docx, render_word
from tests.print.conftest import MiniBuild

pytestmark = pytest.mark.slow

STYLES = (
    "Criterion Title",
    "Criterion Meta",
    "Criterion Text",
    "Criterion Part",
    "Withdrawn Title",
    "Withdrawn Note",
    "Withdrawn Text",
    "Section Note",
    "Guidance Heading",
    "Guidance Text",
    "Status",
    "Term",
    "Definition",
)


def check_version_docx(path: Path, version: Version) -> None:
    document = docx.Document(str(path))
    titles = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name in ("Criterion Title", "Withdrawn Title")
    ]
    expected = [f"{c.number} {c.title}".strip() for c in version.criteria()]
    assert titles == expected
    parts = [
        p for p in document.paragraphs if p.style is not None and p.style.name == "Criterion Part"
    ]
    assert len(parts) == sum(len(c.parts) for c in version.criteria())
    text = "\n".join(p.text for p in document.paragraphs)
    for criterion in version.criteria():
        assert criterion.id in text
    assert document.core_properties.title == version.title


def test_every_demo_version_and_edition_has_a_docx(demo_out: Path, demo_corpus: Corpus) -> None:
    for version in demo_corpus.versions():
        check_version_docx(demo_out / "docx" / f"{version.standard}-{version.name}.docx", version)
    for edition in demo_corpus.guidance:
        assert (demo_out / "docx" / f"{edition.standard}-guidance-{edition.name}.docx").is_file()


@pytest.mark.parametrize("name", ["v1", "v2", "v3"])
def test_mini_docx_holds_every_criterion(mini: MiniBuild, name: str) -> None:
    version = mini.corpus.version("mini", name)
    assert version is not None
    check_version_docx(mini.out / "docx" / f"mini-{name}.docx", version)


def test_reference_document_defines_the_styles(mini: MiniBuild) -> None:
    for path in (reference_docx(Path("/nonexistent")), reference_docx(Path(__file__).parents[2])):
        names = {style.name for style in docx.Document(str(path)).styles}
        assert set(STYLES) <= names


def test_guidance_docx_has_criterion_then_guidance(mini: MiniBuild) -> None:
    document = docx.Document(str(mini.out / "docx" / "mini-guidance-v2-2023.docx"))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    title = styled.index(("Criterion Title", "1.1 Legal compliance"))
    after = styled[title + 1 :]
    assert after[0][0] == "Criterion Text"
    assert ("Guidance Heading", "Intent") in after
    assert any(style == "Guidance Text" and "Law comes first" in text for style, text in after)


def test_consultation_docx_has_line_numbers(mini: MiniBuild) -> None:
    def numbered(name: str) -> bool:
        section = docx.Document(str(mini.out / "docx" / name)).sections[-1]
        return section._sectPr.find(qn("w:lnNumType")) is not None

    assert numbered("mini-v3.docx")
    assert not numbered("mini-v2.docx")


def test_docx_links_land_on_bookmarks(mini: MiniBuild) -> None:
    body = docx.Document(str(mini.out / "docx" / "mini-v2.docx")).element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))}
    assert {"ghg-targets", "term-entity", "legal-compliance.a"} <= anchors
    assert anchors <= bookmarks


def test_docx_bytes_are_deterministic(mini: MiniBuild) -> None:
    corpus = mini.corpus
    standard = corpus.standard("mini")
    assert standard is not None
    job = version_word_job(corpus, standard, standard.versions[1])
    reference = str(reference_docx(mini.root))
    project = str(mini.root)
    assert render_word((job, reference, project)) == render_word((job, reference, project))
