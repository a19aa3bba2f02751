"""What every DOCX gets after pandoc, read back from the demo's files: Word updates its fields
(table of contents, running header) on opening; drafts, consultation drafts and withdrawn
versions carry a watermark; the document's dates and keywords are the version's; its
typefaces are the PDF's, with named fallbacks."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import docx
import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.docx.package import WATERMARK_HEADER, Finish, finish_parts
from normkit.outputs.pdf.facts import watermark

pytestmark = pytest.mark.slow

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _watermarks(parts: dict[str, bytes]) -> list[str]:
    found = []
    for name, content in parts.items():
        if re.fullmatch(r"word/header[^/]*\.xml", name):
            found += re.findall(rb'<v:textpath [^>]*string="([^"]*)"', content)
    return [text.decode() for text in found]


def test_every_demo_docx_is_finished(demo_out: Path, demo_corpus: Corpus) -> None:
    checked = 0
    for standard in demo_corpus.standards:
        for version in standard.versions:
            path = demo_out / "docx" / f"{version.standard}-{version.name}.docx"
            parts = _parts(path)
            for name, content in parts.items():  # every part still parses
                if name.endswith((".xml", ".rels")):
                    ElementTree.fromstring(content)
            settings = ElementTree.fromstring(parts["word/settings.xml"])
            update = settings.find(f"{W}updateFields")
            assert update is not None and update.get(f"{W}val") == "true", path.name
            expected = watermark(version.status)
            assert _watermarks(parts) == ([expected] if expected else []), path.name
            document = docx.Document(str(path))
            for style in ("Normal", "Heading 1", "Title"):
                assert document.styles[style].font.name == "Libertinus Serif", (path.name, style)
            fonts = ElementTree.fromstring(parts["word/fontTable.xml"])
            fallbacks = {
                font.get(f"{W}name"): alternative.get(f"{W}val")
                for font in fonts.iter(f"{W}font")
                if (alternative := font.find(f"{W}altName")) is not None
            }
            assert fallbacks.get("Libertinus Serif") == "Cambria", path.name
            assert b'typeface="Libertinus Serif"' in parts["word/theme/theme1.xml"]
            properties = document.core_properties
            assert properties.author == standard.owner
            assert properties.keywords.split(", ")[:2] == [standard.code, version.name]
            if version.published:
                assert properties.created is not None
                assert properties.created.date() == version.published, path.name
            checked += 1
    assert checked >= 5


def test_a_reference_document_without_header_gets_one_for_the_watermark() -> None:
    document = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<w:body><w:p /><w:sectPr><w:pgSz w:w="11906" w:h="16838" /></w:sectPr>'
        b"</w:body></w:document>"
    )
    parts = {
        "[Content_Types].xml": b'<Types xmlns="x"></Types>',
        "word/_rels/document.xml.rels": b'<Relationships xmlns="y"></Relationships>',
        "word/document.xml": document,
    }
    done = finish_parts(parts, Finish(watermark="DRAFT"))
    assert _watermarks(done) == ["DRAFT"]
    section = ElementTree.fromstring(done["word/document.xml"]).find(f".//{W}sectPr")
    assert section is not None
    reference = section.find(f"{W}headerReference")
    assert reference is not None and reference.get(f"{W}type") == "default"
    assert b"header-nk-watermark.xml" in done["word/_rels/document.xml.rels"]
    assert f"/{WATERMARK_HEADER}".encode() in done["[Content_Types].xml"]
    with zipfile.ZipFile(io.BytesIO(), "w") as package:  # the parts can be packed
        for name, content in done.items():
            package.writestr(name, content)
