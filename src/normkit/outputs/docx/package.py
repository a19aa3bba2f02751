"""What pandoc's DOCX lacks, added to its parts: fields updated on opening, a watermark in
the header, and document properties from the version (dates, keywords).

Word shows a field's last result until it is updated: the table of contents and the running
header's TITLE and status fields read "Right-click to update" and "Title" in pandoc's file.
`w:updateFields` has Word update every field when the document opens (it asks first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_TYPE = R + "/header"
HEADER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
WATERMARK_HEADER = "word/header-nk-watermark.xml"
WATERMARK_ID = "rIdNkWatermark"


@dataclass(frozen=True, slots=True)
class Finish:
    """What a document's parts receive after pandoc (part of the cache key)."""

    watermark: str | None = None
    """Text set diagonally behind every page (DRAFT, CONSULTATION DRAFT, WITHDRAWN)."""
    date: str = ""
    """`YYYY-MM-DD`: the version's publication date, as the document's created date."""
    keywords: str = ""


def update_fields_on_open(settings_xml: bytes) -> bytes:
    if b"<w:updateFields" in settings_xml:
        return settings_xml
    # Early in the settings, where the schema's order puts it (after w:zoom and the like,
    # before w:defaultTabStop).
    at = settings_xml.find(b"<w:defaultTabStop")
    if at < 0:
        at = settings_xml.rfind(b"</w:settings>")
    return settings_xml[:at] + b'<w:updateFields w:val="true" />' + settings_xml[at:]


def watermark_run(text: str) -> str:
    """Word's own watermark: a VML text path behind the text, centred on the page, at 315°."""
    size = "width:468pt;height:117pt" if len(text) <= 10 else "width:527pt;height:87pt"
    return (
        "<w:r><w:rPr><w:noProof /></w:rPr><w:pict>"
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom" />'
        '<v:textpath on="t" fitshape="t" /></v:shapetype>'
        '<v:shape id="NormkitWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" '
        f'style="position:absolute;margin-left:0;margin-top:0;{size};rotation:315;'
        "z-index:-251657216;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#c82828" '
        'stroked="f"><v:fill opacity=".18" />'
        f'<v:textpath style="font-family:&quot;Libertinus Serif&quot;;font-size:1pt" '
        f'string="{escape(text, {chr(34): "&quot;"})}" /></v:shape></w:pict></w:r>'
    )


def add_watermark(header_xml: bytes, text: str) -> bytes:
    """The watermark run at the start of the header's first paragraph."""
    run = watermark_run(text).encode()
    match = re.search(rb"<w:p\b[^>]*/>|<w:p\b[^>]*>(\s*<w:pPr>.*?</w:pPr>)?", header_xml, re.S)
    if match is None:
        return header_xml.replace(b"</w:hdr>", b"<w:p>" + run + b"</w:p></w:hdr>")
    if match.group(0).endswith(b"/>"):
        return (
            header_xml[: match.start()]
            + match.group(0)[:-2].rstrip()
            + b">"
            + run
            + b"</w:p>"
            + header_xml[match.end() :]
        )
    return header_xml[: match.end()] + run + header_xml[match.end() :]


def watermark_header(text: str) -> bytes:
    """A header holding only the watermark, for a document whose sections have none."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:hdr xmlns:w="{W}" xmlns:r="{R}" xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w10="urn:schemas-microsoft-com:office:word">'
        f"<w:p>{watermark_run(text)}</w:p></w:hdr>"
    ).encode()


def reference_watermark_header(document_xml: bytes) -> bytes:
    """Each section without a default header gets the watermark's."""
    reference = f'<w:headerReference w:type="default" r:id="{WATERMARK_ID}" />'.encode()

    def add(match: re.Match[bytes]) -> bytes:
        if re.search(rb'<w:headerReference\b[^>]*w:type="default"', match.group(0)):
            return match.group(0)
        return match.group(1) + reference + match.group(2)

    return re.sub(rb"(<w:sectPr\b[^>]*>)(.*?</w:sectPr>)", add, document_xml, flags=re.S)


def core_properties(core_xml: bytes, finish: Finish) -> bytes:
    """Created and modified from the version's date (pandoc writes the build's, fixed at
    2000-01-01 for reproducible files); keywords as the version's."""
    if finish.date:
        stamp = f"{finish.date}T00:00:00Z".encode()
        core_xml = re.sub(
            rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
            lambda m: m.group(1) + stamp + m.group(3),
            core_xml,
        )
    if finish.keywords:
        words = escape(finish.keywords).encode()
        if b"<cp:keywords />" in core_xml or b"<cp:keywords></cp:keywords>" in core_xml:
            core_xml = re.sub(
                rb"<cp:keywords\s*/>|<cp:keywords></cp:keywords>",
                b"<cp:keywords>" + words + b"</cp:keywords>",
                core_xml,
            )
    return core_xml


def finish_parts(parts: dict[str, bytes], finish: Finish) -> dict[str, bytes]:
    """The document's parts (name → content) with everything above applied."""
    done = dict(parts)
    if "word/settings.xml" in done:
        done["word/settings.xml"] = update_fields_on_open(done["word/settings.xml"])
    if "docProps/core.xml" in done:
        done["docProps/core.xml"] = core_properties(done["docProps/core.xml"], finish)
    if finish.watermark:
        headers = [name for name in done if re.fullmatch(r"word/header\d*\.xml", name)]
        for name in headers:
            done[name] = add_watermark(done[name], finish.watermark)
        if not headers:
            done[WATERMARK_HEADER] = watermark_header(finish.watermark)
            done["word/document.xml"] = reference_watermark_header(done["word/document.xml"])
            done["word/_rels/document.xml.rels"] = done["word/_rels/document.xml.rels"].replace(
                b"</Relationships>",
                f'<Relationship Id="{WATERMARK_ID}" Type="{HEADER_TYPE}" '
                f'Target="{WATERMARK_HEADER.removeprefix("word/")}" /></Relationships>'.encode(),
            )
            done["[Content_Types].xml"] = done["[Content_Types].xml"].replace(
                b"</Types>",
                f'<Override PartName="/{WATERMARK_HEADER}" ContentType="{HEADER_CONTENT}" />'
                "</Types>".encode(),
            )
    return done
