"""One criterion per Markdown construct: goldens of what print hands pandoc (HTML), what
pandoc makes of it for the PDF (typst), and the DOCX read back; images embedded everywhere."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from normkit.model.corpus import Corpus
from normkit.outputs.pdf.engine import convert_fragments
from normkit.outputs.pdf.source import PLACEHOLDER_PATTERN
from normkit.outputs.pdf.writer import print_jobs
from normkit.outputs.registry import available
from normkit.pipeline import build_project
from tests.site.crawl import broken_links

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"
HEADING = re.compile(r"^#heading\(.*<([^>]+)>\s*$")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path]:
    root = tmp_path_factory.mktemp("constructs") / "project"
    shutil.copytree(HERE / "project", root)
    result = build_project(root, root / "build", available())
    assert result.check.ok, [d.format() for d in result.check.errors]
    return result.check.corpus, root


def _criterion_ids(corpus: Corpus) -> list[str]:
    version = corpus.version("constructs", "v1")
    assert version is not None
    return [c.id for c in version.criteria()]


def _print_fragments(corpus: Corpus, root: Path) -> dict[str, tuple[str, str]]:
    """Criterion id → (HTML handed to pandoc, the typst pandoc made of it)."""
    job = next(j for j in print_jobs(corpus, root) if j.name == "constructs-v1")
    converted = convert_fragments(job.fragments)
    found: dict[str, tuple[str, str]] = {}
    anchor = ""
    for line in job.skeleton.splitlines():
        heading = HEADING.match(line)
        if heading:
            anchor = heading.group(1)
        for match in PLACEHOLDER_PATTERN.finditer(line):
            index = int(match.group(1))
            html, typst = found.get(anchor, ("", ""))
            found[anchor] = (html + job.fragments[index] + "\n", typst + converted[index])
    return found


def _docx_blocks(path: Path) -> dict[str, str]:
    """Criterion title → its paragraphs (`style: text`) and tables (cells with ` | `)."""
    document = Document(str(path))
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = Paragraph(child, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            if style == "Criterion Title":
                current = found.setdefault(paragraph.text, [])
                continue
            if current is not None and paragraph.text.strip():
                current.append(f"{style}: {paragraph.text}")
        elif child.tag.endswith("}tbl") and current is not None:
            for row in Table(child, document).rows:
                current.append("table: " + " | ".join(cell.text for cell in row.cells))
    return {title: "\n".join(lines) + "\n" for title, lines in found.items()}


def _compare(name: str, text: str, update: bool) -> None:
    golden = EXPECTED / name
    if update:
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden {name}: run pytest tests/constructs --update-goldens"
    assert text == golden.read_text(encoding="utf-8"), f"{name} differs from its golden"


def test_print_goldens(built: tuple[Corpus, Path], update_goldens: bool) -> None:
    corpus, root = built
    fragments = _print_fragments(corpus, root)
    for criterion_id in _criterion_ids(corpus):
        html, typst = fragments[criterion_id]
        _compare(f"{criterion_id}.html", html, update_goldens)
        _compare(f"{criterion_id}.typ", typst, update_goldens)


def test_docx_goldens(built: tuple[Corpus, Path], update_goldens: bool) -> None:
    corpus, root = built
    blocks = _docx_blocks(root / "build/docx/constructs-v1.docx")
    version = corpus.version("constructs", "v1")
    assert version is not None
    for criterion in version.criteria():
        _compare(
            f"{criterion.id}.docx.txt",
            blocks[f"{criterion.number} {criterion.title}"],
            update_goldens,
        )


def test_images_are_embedded_in_print(built: tuple[Corpus, Path]) -> None:
    _, root = built
    with zipfile.ZipFile(root / "build/docx/constructs-v1.docx") as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert any(n.endswith(".png") for n in media) and any(n.endswith(".svg") for n in media)
    reader = PdfReader(root / "build/pdf/constructs-v1.pdf")
    assert _image_count(reader) >= 1, "the PNG is not in the PDF"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Boundary" in text  # the SVG's own text, drawn as vectors
    uris = [
        str(annotation.get_object()["/A"].get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    assert "https://example.org/chart.png" in uris  # a remote image is a link in print


def _image_count(reader: PdfReader) -> int:
    """Image XObjects in the PDF, inside form XObjects too (no image decoding needed)."""
    seen: set[int] = set()
    count = 0
    stack = [page.get("/Resources") for page in reader.pages]
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        objects = resources.get_object().get("/XObject")
        if objects is None:
            continue
        for reference in objects.get_object().values():
            key = id(reference.get_object())
            if key in seen:
                continue
            seen.add(key)
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Image":
                count += 1
            elif "/Resources" in xobject:
                stack.append(xobject["/Resources"])
    return count


def test_images_and_files_are_copied_into_the_site(built: tuple[Corpus, Path]) -> None:
    _, root = built
    site = root / "build/site"
    assert (site / "assets/files/assets/logo.png").read_bytes() == (
        root / "assets/logo.png"
    ).read_bytes()
    assert (site / "assets/files/standards/constructs/v1/figures/boundary.svg").is_file()
    page = (site / "constructs/v1/1-blocks/index.html").read_text(encoding="utf-8")
    assert 'src="../../../assets/files/assets/logo.png"' in page
    assert 'src="https://example.org/chart.png"' in page
    inlines = (site / "constructs/v1/2-inlines/index.html").read_text(encoding="utf-8")
    assert 'href="../1-blocks/#thematic-break"' in inlines
    assert 'href="../1-blocks/"' in inlines  # the section the anchor names
    assert 'href="../../../assets/files/assets/logo.png"' in inlines
    assert not broken_links(site)
