"""Make `themes/reference.docx`: pandoc's default reference document with normkit's Word styles.

Run `.venv/bin/python themes/make_reference_docx.py` after changing a style here; it writes
`themes/reference.docx` and the packaged copy `src/normkit/outputs/docx/reference.docx` (used
when a project has no `themes/reference.docx`). Needs python-docx (a test extra).
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pypandoc
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

HERE = Path(__file__).resolve().parent
TARGETS = (HERE / "reference.docx", HERE.parent / "src/normkit/outputs/docx/reference.docx")
ACCENT = RGBColor(0x1D, 0x4E, 0x5F)
MUTED = RGBColor(0x60, 0x60, 0x60)
BODY_FONT = HEADING_FONT = "Libertinus Serif"
MONO_FONT = "DejaVu Sans Mono"
"""The PDF's typefaces (outputs/pdf/house.typ)."""
FALLBACKS = {
    BODY_FONT: ("Cambria", "roman", "variable"),
    MONO_FONT: ("Consolas", "modern", "fixed"),
}
"""Named in the font table: what Word shows where the PDF's typeface is not installed."""
FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def default_reference() -> bytes:
    return subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout


def paragraph_style(document: docx.document.Document, name: str, base: str) -> ParagraphStyle:
    styles = document.styles
    names = {style.name for style in styles}
    style = styles[name] if name in names else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def outline_level(style: ParagraphStyle, level: int) -> None:
    """Make paragraphs of this style appear in Word's navigation pane and TOC (level 0 = 1)."""
    p_pr = style.element.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    p_pr.append(element)


def field(paragraph: docx.text.paragraph.Paragraph, code: str, shown: str = "1") -> None:
    """A Word field; Word and LibreOffice replace `shown` with the value when they lay out."""
    run = paragraph.add_run()
    steps = (("begin", None), (None, code), ("separate", None), (None, shown), ("end", None))
    for kind, text in steps:
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == code:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {code} "
            run._r.append(instr)
        else:
            value = OxmlElement("w:t")
            value.text = text
            run._r.append(value)


def set_font(style: object, name: str) -> None:
    """`name` for every script, without the theme fonts pandoc's styles name (which Word
    prefers to an explicit name)."""
    style.font.name = name  # type: ignore[attr-defined]
    fonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    fonts.set(qn("w:cs"), name)


def font_table(xml: bytes) -> bytes:
    """The font table with the PDF's typefaces and their named fallbacks (`w:altName`)."""
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        for name, (alternative, family, pitch) in FALLBACKS.items()
        if f'w:name="{name}"'.encode() not in xml
    )
    return xml.replace(b"</w:fonts>", entries.encode() + b"</w:fonts>")


def theme_fonts(xml: bytes) -> bytes:
    """The theme's heading and body fonts (which styles not set here name) as the PDF's."""
    return re.sub(
        rb'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*(")',
        rb"\g<1>" + BODY_FONT.encode() + rb"\g<2>",
        xml,
    )


def style_document(document: docx.document.Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    set_font(normal, BODY_FONT)
    normal.font.size = Pt(10.5)
    for level in range(1, 7):
        heading = styles[f"Heading {level}"]
        set_font(heading, HEADING_FONT)
        heading.font.color.rgb = ACCENT
        heading.font.bold = True
        heading.font.size = Pt({1: 18, 2: 14, 3: 12}.get(level, 11))
    styles["Title"].font.color.rgb = ACCENT
    set_font(styles["Title"], HEADING_FONT)
    for name in ("Source Code", "Verbatim Char"):
        if name in [style.name for style in styles]:
            set_font(styles[name], MONO_FONT)

    status = paragraph_style(document, "Status", "Normal")
    status.font.bold, status.font.size, status.font.color.rgb = True, Pt(13), ACCENT
    status.paragraph_format.space_before, status.paragraph_format.space_after = Pt(12), Pt(12)

    title = paragraph_style(document, "Criterion Title", "Heading 3")
    title.font.size, title.font.color.rgb = Pt(12), ACCENT
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_before = Pt(14)
    outline_level(title, 2)
    meta = paragraph_style(document, "Criterion Meta", "Normal")
    meta.font.size, meta.font.color.rgb = Pt(8.5), MUTED
    meta.paragraph_format.space_after = Pt(6)
    meta.paragraph_format.keep_with_next = True
    text = paragraph_style(document, "Criterion Text", "Body Text")
    text.paragraph_format.space_after = Pt(6)
    part = paragraph_style(document, "Criterion Part", "Criterion Text")
    part.paragraph_format.space_after = Pt(3)

    # A withdrawn criterion keeps its number and place, greyed.
    withdrawn_title = paragraph_style(document, "Withdrawn Title", "Criterion Title")
    withdrawn_title.font.color.rgb = MUTED
    withdrawn_note = paragraph_style(document, "Withdrawn Note", "Criterion Text")
    withdrawn_note.font.color.rgb = MUTED
    withdrawn_text = paragraph_style(document, "Withdrawn Text", "Criterion Text")
    withdrawn_text.font.color.rgb = MUTED
    # Section text after a criterion's end marker: the section's own, indented.
    note = paragraph_style(document, "Section Note", "Body Text")
    note.paragraph_format.left_indent = Cm(0.5)
    note.paragraph_format.space_before = Pt(8)

    guidance_heading = paragraph_style(document, "Guidance Heading", "Normal")
    guidance_heading.font.bold, guidance_heading.font.color.rgb = True, ACCENT
    guidance_heading.paragraph_format.keep_with_next = True
    guidance_heading.paragraph_format.space_before = Pt(8)
    guidance = paragraph_style(document, "Guidance Text", "Body Text")
    guidance.paragraph_format.left_indent = Cm(0.5)

    term = paragraph_style(document, "Term", "Normal")
    term.font.bold, term.font.color.rgb = True, ACCENT
    term.paragraph_format.keep_with_next = True
    term.paragraph_format.space_before = Pt(8)
    definition = paragraph_style(document, "Definition", "Body Text")
    definition.paragraph_format.left_indent = Cm(0.6)
    source = paragraph_style(document, "Term Source", "Normal")
    source.font.size, source.font.color.rgb = Pt(8.5), MUTED
    source.paragraph_format.left_indent = Cm(0.6)


def page_layout(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.3)
    header = section.header.paragraphs[0]
    header.style = (
        document.styles["Header"] if "Header" in {s.name for s in document.styles} else None
    )
    header.alignment = WD_ALIGN_PARAGRAPH.LEFT
    field(header, "TITLE", "Title")
    header.add_run(" · ")
    field(header, 'DOCPROPERTY "status"', "Status")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    field(footer, "PAGE")
    footer.add_run(" of ")
    field(footer, "NUMPAGES")


def deterministic(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps so the committed file only changes with styles."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = content.replace(b"python-docx", b"normkit")
            if info.filename == "word/fontTable.xml":
                content = font_table(content)
            if info.filename == "word/theme/theme1.xml":
                content = theme_fonts(content)
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), content)
    return buffer.getvalue()


def main() -> None:
    document = docx.Document(io.BytesIO(default_reference()))
    style_document(document)
    page_layout(document)
    document.core_properties.title = "normkit reference document"
    buffer = io.BytesIO()
    document.save(buffer)
    data = deterministic(buffer.getvalue())
    for target in TARGETS:
        target.write_bytes(data)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
