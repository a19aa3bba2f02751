"""PDFs read back with pypdf and pdftotext: text, outline, links, metadata, status marks."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from normkit.model.corpus import Corpus
from normkit.model.standard import Version
from tests.print.conftest import MiniBuild, outline_titles, pdf_text, squash

pytestmark = pytest.mark.slow


def _page_ids(reader: PdfReader) -> set[int]:
    return {page.indirect_reference.idnum for page in reader.pages if page.indirect_reference}


def _internal_targets(reader: PdfReader) -> list[object]:
    """Destinations of every link annotation that is not a web link."""
    targets: list[object] = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link.get("/Subtype") != "/Link":
                continue
            action = link.get("/A")
            if isinstance(action, DictionaryObject) and action.get("/S") == "/URI":
                continue
            destination = link.get("/Dest")
            if destination is None and isinstance(action, DictionaryObject):
                destination = action.get("/D")
            if isinstance(destination, IndirectObject):
                destination = destination.get_object()
            targets.append(destination)
    return targets


def assert_links_inside(reader: PdfReader) -> int:
    pages = _page_ids(reader)
    named = reader.named_destinations
    targets = _internal_targets(reader)
    for target in targets:
        if isinstance(target, ArrayObject):
            page = target[0]
            assert isinstance(page, IndirectObject) and page.idnum in pages, target
        else:
            assert str(target) in named, f"link to missing destination {target}"
    return len(targets)


def check_version_pdf(path: Path, corpus: Corpus, version: Version) -> None:
    reader = PdfReader(path)
    text = squash(pdf_text(path))
    outline = outline_titles(reader)
    for criterion in version.criteria():
        heading = f"{criterion.number} {criterion.title}".strip()
        assert heading in text, f"{path.name}: {heading!r} not in the text"
        assert heading in outline, f"{path.name}: {heading!r} not in the outline"
        assert criterion.id in text
    for section in version.all_sections():
        assert f"{section.number} {section.title}".strip() in outline
    assert assert_links_inside(reader) > 0
    standard = corpus.standard(version.standard)
    assert standard is not None
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == version.title
    assert metadata.author == standard.owner
    assert metadata.subject
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).startswith("en")
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    raw = path.read_bytes()
    assert b"pdfuaid:part>1<" in raw  # typst checked and claims PDF/UA-1
    if version.published is not None:
        assert b"pdfaid:part>2<" in raw  # and PDF/A-2b


def test_every_demo_version_and_edition_has_a_pdf(demo_out: Path, demo_corpus: Corpus) -> None:
    names = {path.name for path in (demo_out / "pdf").glob("*.pdf")}
    for version in demo_corpus.versions():
        assert f"{version.standard}-{version.name}.pdf" in names
    for edition in demo_corpus.guidance:
        assert f"{edition.standard}-guidance-{edition.name}.pdf" in names


def test_demo_pdfs_hold_every_criterion(demo_out: Path, demo_corpus: Corpus) -> None:
    for version in demo_corpus.versions():
        check_version_pdf(
            demo_out / "pdf" / f"{version.standard}-{version.name}.pdf", demo_corpus, version
        )


@pytest.mark.parametrize("name", ["v1", "v2", "v3"])
def test_mini_pdfs_hold_every_criterion(mini: MiniBuild, name: str) -> None:
    version = mini.corpus.version("mini", name)
    assert version is not None
    check_version_pdf(mini.out / "pdf" / f"mini-{name}.pdf", mini.corpus, version)


def test_parts_references_and_terms_are_links(mini: MiniBuild) -> None:
    reader = PdfReader(mini.out / "pdf" / "mini-v2.pdf")
    assert {"legal-compliance", "ghg-targets"} <= set(reader.named_destinations)
    glossary = next(
        item for item in reader.outline if getattr(item, "title", "") == "Appendix: Glossary"
    )
    glossary_page = reader.get_destination_page_number(glossary)
    targets = _internal_targets(reader)
    named = [str(target) for target in targets if not isinstance(target, ArrayObject)]
    assert "ghg-targets" in named  # the reference [[ghg-targets]]
    pages = [
        reader.get_page_number(target[0].get_object())  # type: ignore[index]
        for target in targets
        if isinstance(target, ArrayObject)
    ]
    assert sum(page >= glossary_page for page in pages) >= 3  # Entity, GHG Emissions, Bribery
    assert any(page < glossary_page for page in pages)  # the part reference legal-compliance.a


def _longest_number_run(reader: PdfReader) -> int:
    """Longest run of consecutive line numbers (1, 2, 3 …) standing alone on extracted lines."""
    longest = 0
    for page in reader.pages:
        numbers = [int(line) for line in page.extract_text().splitlines() if line.isdigit()]
        run = 1
        for before, after in itertools.pairwise(numbers):
            run = run + 1 if after == before + 1 else 1
            longest = max(longest, run)
    return longest


def test_consultation_draft_has_watermark_and_line_numbers(mini: MiniBuild) -> None:
    reader = PdfReader(mini.out / "pdf" / "mini-v3.pdf")
    pages = [page.extract_text() for page in reader.pages]
    assert all("CONSULTATION DRAFT" in page for page in pages)
    assert "30 June 2025" in pages[0]
    assert _longest_number_run(reader) >= 10
    published = PdfReader(mini.out / "pdf" / "mini-v2.pdf")
    assert not any("DRAFT" in page.extract_text() for page in published.pages)
    assert _longest_number_run(published) < 3


def test_draft_has_watermark(mini: MiniBuild) -> None:
    reader = PdfReader(mini.out / "pdf" / "sketch-v1.pdf")
    assert all("DRAFT" in page.extract_text() for page in reader.pages)
    assert "This is a draft" in squash(reader.pages[0].extract_text())


def test_superseded_cover_names_successor(mini: MiniBuild) -> None:
    reader = PdfReader(mini.out / "pdf" / "mini-v1.pdf")
    cover = squash(reader.pages[0].extract_text())
    assert "Superseded" in cover
    assert "superseded by Mini Standard V2" in cover


def test_cover_and_running_header(mini: MiniBuild) -> None:
    path = mini.out / "pdf" / "mini-v2.pdf"
    reader = PdfReader(path)
    cover = squash(reader.pages[0].extract_text())
    for fact in (
        "Mini Standard V2",
        "Published",
        "1 March 2023",
        "Mini Standards Body",
        "CC BY 4.0",
    ):
        assert fact in cover
    last = squash(reader.pages[-1].extract_text())
    total = len(reader.pages)
    assert f"Page {total} of {total}" in last
    assert "Mini Standard V2" in last and "Published" in last


def test_glossary_appendix_holds_used_terms(mini: MiniBuild) -> None:
    reader = PdfReader(mini.out / "pdf" / "mini-v2.pdf")
    assert "Appendix: Glossary" in outline_titles(reader)
    text = squash(pdf_text(mini.out / "pdf" / "mini-v2.pdf"))
    glossary = text[text.rindex("Appendix: Glossary") :]
    for term in ("Bribery", "Entity", "GHG Emissions", "Releases of greenhouse gases"):
        assert term in glossary


def test_footnotes_become_footnotes(mini: MiniBuild) -> None:
    text = squash(pdf_text(mini.out / "pdf" / "mini-v2.pdf"))
    assert "As defined in the glossary." in text
    assert "↩" not in text


def test_guidance_shows_criterion_then_guidance(mini: MiniBuild) -> None:
    path = mini.out / "pdf" / "mini-guidance-v2-2023.pdf"
    text = squash(pdf_text(path))
    body = text[text.rindex("1.1 Legal compliance") :]
    criterion_at = body.index("The Entity shall comply with applicable law")
    assert criterion_at < body.index("Intent") < body.index("Law comes first for every Entity")
    assert "1.1 Legal compliance" in outline_titles(PdfReader(path))


def test_fonts_are_embedded(mini: MiniBuild) -> None:
    reader = PdfReader(mini.out / "pdf" / "mini-v2.pdf")
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            seen += 1
    assert seen > 0
