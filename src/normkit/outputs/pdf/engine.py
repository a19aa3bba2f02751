"""The PDF engine: HTML fragments → typst (pandoc), typst → PDF (typst, fonts bundled)."""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import typst

from normkit.environment import (
    EnvironmentFailure,
    first_line,
    pandoc_identity,
    pandoc_path,
    run_tool,
)
from normkit.outputs.package_data import package_text

if TYPE_CHECKING:
    from typst import PDFStandard
from normkit.outputs.pdf.fonts import font_files
from normkit.outputs.pdf.source import (
    ANCHOR_PREFIX,
    PrintJob,
    SourceBuilder,
    content,
    fill,
    string,
)
from normkit.outputs.pdf.source import date as typst_date
from normkit.outputs.render_cache import RenderCache
from normkit.parallel import native_threads_started

PDF_STANDARDS: list[PDFStandard] = ["a-2b", "ua-1"]
"""Every PDF is tagged and checked by typst against PDF/UA-1, and against PDF/A-2b when it
has a date (PDF/A requires one; undated documents get no invented date)."""
FORMAT_REVISION = "1"
"""Bump when the Python side of the layout changes, to invalidate cached PDFs."""
LOG = logging.getLogger(__name__)
_MARK = "NKFRAG-8d1c"
"""A paragraph that separates fragments in the one pandoc run per document."""
_SPLIT = re.compile(rf"^{_MARK} (\d+)$", re.M)
_ANCHOR = re.compile(rf"<{re.escape(ANCHOR_PREFIX)}([^>]+)>")


def _package_text(name: str) -> str:
    return package_text("normkit.outputs.pdf", name)


@cache
def house_style() -> str:
    return _package_text("house.typ")


@cache
def print_filter() -> str:
    """The Lua filter both print outputs run pandoc with."""
    from importlib import resources  # (only to run pandoc: a check's draft digest needs none)

    return str(resources.files("normkit.outputs.pdf").joinpath("print.lua"))


@cache
def engine_id() -> str:
    """What, besides a document's own input, decides its bytes."""
    parts = (
        FORMAT_REVISION,
        str(getattr(typst, "__version__", "?")),
        pandoc_identity(),
        house_style(),
        _package_text("print.lua"),
        ",".join(PDF_STANDARDS),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def job_hash(job: PrintJob) -> str:
    digest = hashlib.sha256(engine_id().encode())
    for part in (str(job.dated), job.skeleton, *job.fragments, *job.images, *job.font_paths):
        digest.update(b"\0")
        digest.update(part.encode())
    for image in job.images:
        digest.update(b"\0")
        digest.update((Path(job.root) / image).read_bytes())
    digest.update(font_files(job.font_paths).encode())
    return digest.hexdigest()


_converted: dict[str, str] = {}
"""HTML fragment → its typst, as converted by this process. The documents a process renders
share most of their texts (the versions of a standard, the editions of its guidance, a
draft's layout for line numbers and then its PDF), and a fragment's conversion depends on
its HTML alone (each is read between markers; `print.lua` keeps no state)."""
CONVERTED_KEPT = 50_000
"""Fragments kept at most (about 1 kB of typst each); past that, the memory starts over."""


def convert_fragments(fragments: tuple[str, ...]) -> list[str]:
    """The typst of each fragment: those this process has not converted yet in one pandoc
    run (HTML → typst), split apart again."""
    known = {html: _converted.get(html) for html in fragments}
    missing = [html for html, typst_text in known.items() if typst_text is None]
    if missing:
        made = dict(zip(missing, _pandoc_fragments(missing), strict=True))
        if len(_converted) + len(made) > CONVERTED_KEPT:
            _converted.clear()
        _converted.update(made)
        known.update(made)
    return [known[html] or "" for html in fragments]


def _pandoc_fragments(fragments: list[str]) -> list[str]:
    """All `fragments` in one pandoc run (HTML → typst), split apart again."""
    if not fragments:
        return []
    html = "".join(
        f"<p>{_MARK} {index}</p>\n{fragment}\n" for index, fragment in enumerate(fragments)
    )
    output = run_tool(
        [
            pandoc_path(),
            "-f",
            "html-auto_identifiers",
            "-t",
            "typst",
            "--wrap=preserve",
            f"--lua-filter={print_filter()}",
        ],
        what="HTML to typst",
        stdin=f"{html}<p>{_MARK} {len(fragments)}</p>\n".encode(),
    )
    typst_text = _ANCHOR.sub(r'#metadata("anchor")<\1>', output.decode())
    pieces = _SPLIT.split(typst_text)
    # pieces: [before, index, text, index, text, …, last index, after]
    converted = ["" for _ in fragments]
    for position in range(1, len(pieces) - 2, 2):
        converted[int(pieces[position])] = pieces[position + 1].strip("\n") + "\n"
    return converted


def typst_source(job: PrintJob) -> str:
    return house_style() + "\n" + fill(job.skeleton, convert_fragments(job.fragments))


def render(job: PrintJob, laid_out: typst.Compiler | None = None) -> bytes:
    """One document to PDF bytes; deterministic for the same job.

    Every PDF is tagged. If typst's PDF/UA or PDF/A check rejects a document (say, a
    summary whose headings skip a level), it is compiled again without the claim of
    conformance rather than failing the build, and a warning is logged.

    `laid_out`: the compiler that has just laid this job's source out (`compiler_for`, as
    `lines.py` does for a draft's line numbers): typst reuses that layout, and the bytes are
    the same as without it.
    """
    source = typst_source(job).encode()
    standards: list[PDFStandard] = PDF_STANDARDS if job.dated else ["ua-1"]
    try:
        return _compile(source, standards, job.root, job.font_paths, laid_out)
    except typst.TypstError as error:
        if "PDF/" not in error.message:
            raise EnvironmentFailure(
                f"typst failed on {job.name}: {first_line(error.message)}",
                "run with --debug for typst's message and report it: normkit generated the input",
                f"{error.message}\n{error.diagnostic}",
            ) from error
        LOG.warning("%s: not PDF/UA or PDF/A conformant (%s)", job.name, error.message)
    return _compile(source, [], job.root, job.font_paths, laid_out)


_TIMESTAMP = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
"""Every PDF's creation date: the same job gives the same bytes."""


def compiler_for(job: PrintJob, source: bytes) -> typst.Compiler:
    """A typst compiler of `source` (the job's `typst_source`) with the job's project folder
    and fonts, as `_compile` uses them: what it lays out, it keeps for its next call."""
    native_threads_started("typst")  # no worker is forked from this process from now on
    # typst's stubs want one type for the fonts' folders; paths are fine.
    return typst.Compiler(
        source,
        root=Path(job.root) if job.root else None,
        font_paths=[Path(folder) for folder in job.font_paths],  # type: ignore[misc]
        ignore_system_fonts=True,
    )


def _compile(
    source: bytes,
    standards: list[PDFStandard],
    root: str,
    font_paths: tuple[str, ...] = (),
    laid_out: typst.Compiler | None = None,
) -> bytes:
    """`root` is the project folder: typst reads images from it, and nothing outside it;
    fonts are typst's own and those of `font_paths` (never the system's); `laid_out`: a
    compiler of `source` made with the same (`compiler_for`)."""
    native_threads_started("typst")  # no worker is forked from this process from now on
    if laid_out is not None:
        found = laid_out.compile(source, pdf_standards=standards, timestamp=_TIMESTAMP)
        assert isinstance(found, bytes)  # no output path: the PDF's bytes
        return found
    # One type for input, root and fonts in typst's stubs; bytes and paths mix fine.
    pdf: bytes = typst.compile(  # type: ignore[misc]
        source,
        root=Path(root) if root else None,
        font_paths=[Path(folder) for folder in font_paths],
        ignore_system_fonts=True,
        pdf_standards=standards,
        timestamp=_TIMESTAMP,
    )
    return pdf


def html_to_pdf(
    html: str,
    out: Path,
    *,
    title: str,
    subtitle: str,
    status: str,
    author: str,
    date: datetime.date | None = None,
    cache: RenderCache | None = None,
) -> None:
    """An HTML fragment → a finished PDF in the house style, with metadata set.

    `date` (optional) becomes the document date; with it the PDF is also PDF/A-2b. From
    `cache` when this exact document was rendered before (`job_hash`).
    """
    builder = SourceBuilder()
    builder.add(
        "#show: nk-document.with("
        f"title: {string(title)}, author: {string(author)}, subject: {string(subtitle)}, "
        f"header-left: {content(title)}, header-right: {content(status)}, "
        f"footer-left: {content(author)}, date: {typst_date(date)}, chapter-breaks: false)"
    )
    builder.add(
        f"#nk-cover(kicker: {string(author)}, title: {string(title)}, "
        f"subtitle: {string(subtitle)}, status: {string(status)}, full-page: false)"
    )
    builder.add(builder.fragment(html))
    out.parent.mkdir(parents=True, exist_ok=True)
    job = builder.job(out.stem, dated=date is not None)
    out.write_bytes(
        (cache or RenderCache(None)).bytes_for(job_hash(job), ".pdf", partial(render, job))
    )
