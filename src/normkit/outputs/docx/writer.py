"""`out/<standard>-<version>.docx` and `out/<standard>-guidance-<edition>.docx` through pandoc."""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from functools import cache
from importlib import resources
from pathlib import Path

from normkit.environment import pandoc_identity, pandoc_path, run_tool
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.docx.html_document import WordJob, edition_word_job, version_word_job
from normkit.outputs.docx.package import Finish, finish_parts
from normkit.outputs.pdf.engine import print_filter
from normkit.outputs.pdf.writer import run_cached
from normkit.translations.labels import labels_in

FORMAT_REVISION = "2"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_SECTION_END = re.compile(rb"(<w:sectPr\b[^>]*>)(.*?)(</w:sectPr>)", re.S)


def reference_docx(project: Path) -> Path:
    """The project's `themes/reference.docx`, else the one packaged with normkit."""
    own = project / "themes" / "reference.docx"
    if own.is_file():
        return own
    return Path(str(resources.files("normkit.outputs.docx").joinpath("reference.docx")))


@cache
def _lua_filter() -> str:
    return str(resources.files("normkit.outputs.docx").joinpath("parts.lua"))


def word_jobs(corpus: Corpus) -> list[WordJob]:
    """Every version and edition, and each translated one in its language (`<language>/…`)."""
    jobs = [
        version_word_job(corpus, standard, version)
        for standard in corpus.standards
        for version in standard.versions
    ]
    jobs.extend(edition_word_job(corpus, edition) for edition in corpus.guidance)
    for translation in corpus.translations:
        with labels_in(translation.language, translation.labels):
            jobs.extend(
                version_word_job(translation, standard, version)
                for standard in translation.standards
                for version in standard.versions
                if version.translation is not None
            )
            jobs.extend(
                edition_word_job(translation, edition)
                for edition in translation.guidance
                if edition.translation is not None
            )
    return jobs


def job_hash(job: WordJob, reference: bytes, project: Path) -> str:
    digest = hashlib.sha256()
    for part in (
        FORMAT_REVISION,
        pandoc_identity(),
        job.html,
        repr(job.metadata),
        str(job.line_numbers),
        repr(job.finish),
        job.east_asian_font,
        Path(_lua_filter()).read_text(encoding="utf-8"),
        Path(print_filter()).read_text(encoding="utf-8"),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(reference)
    for image in job.images:
        digest.update(image.encode() + b"\0")
        digest.update((project / image).read_bytes())
    return digest.hexdigest()


def add_line_numbers(document_xml: bytes) -> bytes:
    """Turn on Word's line numbering (restarting never) for consultation drafts."""
    numbering = b'<w:lnNumType w:countBy="1" w:restart="continuous" />'

    def insert(match: re.Match[bytes]) -> bytes:
        inner = match.group(2)
        before = re.search(
            rb"<w:(pgNumType|cols|formProt|vAlign|noEndnote|titlePg|textDirection"
            rb"|bidi|rtlGutter|docGrid|printerSettings|sectPrChange)\b",
            inner,
        )
        at = before.start() if before else len(inner)
        return match.group(1) + inner[:at] + numbering + inner[at:] + match.group(3)

    return _SECTION_END.sub(insert, document_xml)


_EAST_ASIA_THEME = re.compile(rb'w:eastAsiaTheme="[^"]*"')
_DEFAULT_FONTS = re.compile(rb"(<w:docDefaults>.*?<w:rFonts\b)([^>]*?)(/?>)", re.S)


def set_east_asian_font(styles_xml: bytes, font: str) -> bytes:
    """Word's default font for CJK text (its `eastAsia` slot), instead of the theme's."""

    def replace(match: re.Match[bytes]) -> bytes:
        attributes = _EAST_ASIA_THEME.sub(b"", match.group(2))
        attributes = re.sub(rb'\s*w:eastAsia="[^"]*"', b"", attributes)
        return match.group(1) + attributes + f' w:eastAsia="{font}"'.encode() + match.group(3)

    return _DEFAULT_FONTS.sub(replace, styles_xml, count=1)


def finish_zip(
    data: bytes, line_numbers: bool, finish: Finish | None = None, east_asian_font: str = ""
) -> bytes:
    """Fixed timestamps in the zip (pandoc's are the build time), optional line numbers, what
    `package.finish_parts` adds (fields updated on opening, watermark, properties) and the
    font of CJK text."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [info.filename for info in source.infolist()]
    parts = {name: source.read(name) for name in names}
    if line_numbers:
        parts["word/document.xml"] = add_line_numbers(parts["word/document.xml"])
    if east_asian_font:
        parts["word/styles.xml"] = set_east_asian_font(parts["word/styles.xml"], east_asian_font)
    parts = finish_parts(parts, finish or Finish())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in [*names, *sorted(set(parts) - set(names))]:
            target.writestr(zipfile.ZipInfo(name, FIXED_TIME), parts[name])
    return buffer.getvalue()


def render_word(args: tuple[WordJob, str, str]) -> bytes:
    """`args`: the job, the reference document, the project folder its images are in."""
    job, reference, project = args
    metadata = [f"--metadata={key}:{value}" for key, value in job.metadata if value]
    with tempfile.TemporaryDirectory(prefix="normkit-docx-") as folder:
        target = Path(folder) / f"{Path(job.name).name}.docx"
        run_tool(
            [
                pandoc_path(),
                "-f",
                "html-auto_identifiers",
                "-t",
                "docx",
                f"--reference-doc={reference}",
                f"--lua-filter={print_filter()}",
                f"--lua-filter={_lua_filter()}",
                f"--resource-path={project}",
                *metadata,
                "-o",
                str(target),
            ],
            what=f"{job.name}.docx",
            stdin=job.html.encode(),
            env={"SOURCE_DATE_EPOCH": "946684800"},
        )
        return finish_zip(target.read_bytes(), job.line_numbers, job.finish, job.east_asian_font)


def _render(job: object) -> bytes:
    assert isinstance(job, tuple)
    return render_word(job)


def write_docx(corpus: Corpus, out: Path, context: BuildContext) -> None:
    """Every standard version and guidance edition as a Word document."""
    reference = reference_docx(context.project)
    reference_bytes = reference.read_bytes()
    jobs: list[tuple[str, str, object]] = [
        (
            f"{job.name}.docx",
            job_hash(job, reference_bytes, context.project),
            (job, str(reference), str(context.project.resolve())),
        )
        for job in word_jobs(corpus)
    ]
    run_cached(jobs, _render, out, context.cache / "docx", context)
