"""The engine on its own: html_to_pdf (used by the revisions helper), determinism and the cache."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from normkit.model.location import Location
from normkit.model.text import (
    FootnoteMark,
    FootnoteRef,
    LinkEnd,
    LinkStart,
    LinkTarget,
    Reference,
    TargetKind,
    TermUse,
    Text,
)
from normkit.outputs.context import BuildContext
from normkit.outputs.pdf import writer
from normkit.outputs.pdf.documents import version_job
from normkit.outputs.pdf.engine import html_to_pdf, render
from normkit.outputs.pdf.links import PrintDocument, PrintStyle
from normkit.outputs.pdf.source import PrintJob
from normkit.pipeline import build_project
from tests.print.conftest import MiniBuild, pdf_text, squash, write_mini_project

SUMMARY = """
<h2 id="counts">Summary</h2>
<table><thead><tr><th>Kind</th><th>Count</th></tr></thead>
<tbody><tr><td>added</td><td>3</td></tr><tr><td>removed</td><td>1</td></tr></tbody></table>
<p>Text <del>old words</del> <ins>new words</ins>, see <a href="#counts">the counts</a>
and <a href="https://example.org/">the web</a>.</p>
"""


@pytest.mark.parametrize("date", [None, datetime.date(2025, 3, 1)])
def test_html_to_pdf(tmp_path: Path, date: datetime.date | None) -> None:
    out = tmp_path / "summary.pdf"
    html_to_pdf(
        SUMMARY,
        out,
        title="Summary of changes",
        subtitle="From V2 to V3",
        status="Published",
        author="Test Body",
        date=date,
    )
    reader = PdfReader(out)
    assert reader.metadata is not None
    assert reader.metadata.title == "Summary of changes"
    assert reader.metadata.author == "Test Body"
    text = squash("\n".join(page.extract_text() for page in reader.pages))
    for words in ("From V2 to V3", "old words", "new words", "the counts", "added 3"):
        assert words in text
    uris = [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    assert "https://example.org/" in uris


def test_render_is_deterministic(mini: MiniBuild) -> None:
    standard = mini.corpus.standard("mini")
    assert standard is not None
    job = version_job(mini.corpus, standard, standard.versions[1])
    assert render(job) == render(job)


def test_unchanged_documents_come_from_the_cache(
    mini: MiniBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = BuildContext(project=mini.root, out=tmp_path, cache=tmp_path / "cache", jobs=1)
    writer.write_pdf(mini.corpus, tmp_path / "first", context)
    first = sorted(path.name for path in (tmp_path / "first").iterdir())

    def refuse(job: object) -> bytes:
        raise AssertionError("rendered although cached")

    monkeypatch.setattr(writer, "render", refuse)
    writer.write_pdf(mini.corpus, tmp_path / "second", context)
    assert sorted(path.name for path in (tmp_path / "second").iterdir()) == first
    for name in first:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()


def test_a_damaged_cached_document_is_rendered_again(
    mini: MiniBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = BuildContext(project=mini.root, out=tmp_path, cache=tmp_path / "cache", jobs=1)
    writer.write_pdf(mini.corpus, tmp_path / "first", context)
    entries = sorted((tmp_path / "cache" / "pdf").glob("*.pdf"))
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # cut short, as by a full disk
    rendered: list[str] = []

    def counted(job: PrintJob) -> bytes:
        rendered.append(job.name)
        return render(job)

    monkeypatch.setattr(writer, "render", counted)
    writer.write_pdf(mini.corpus, tmp_path / "second", context)
    assert len(rendered) == 1, "only the damaged one"
    for path in (tmp_path / "first").iterdir():
        assert (tmp_path / "second" / path.name).read_bytes() == path.read_bytes()


def test_links_outside_the_document_become_text() -> None:
    here = Location(path="standards/s/v1/01.md", line=3, column=1)
    text = Text(
        markdown="",
        plain="",
        pieces=(
            "<p>",
            Reference(key="s/v1/a", anchor="a", text="1.1", title="1.1 A"),
            " ",
            Reference(key="other/v2/b", anchor="b", text="2.1", title="2.1 B"),
            " ",
            TermUse(term_id="x", text="X", tooltip="An x."),
            " ",
            LinkStart(
                target=LinkTarget(kind=TargetKind.EXTERNAL, value="https://example.org/"),
                title="",
                location=here,
            ),
            "web",
            LinkEnd(),
            " ",
            LinkStart(
                target=LinkTarget(kind=TargetKind.PROJECT, value="standards/s/v1/02.md"),
                title="",
                location=here,
            ),
            "elsewhere",
            LinkEnd(),
            "</p>",
        ),
    )
    document = PrintDocument(None, "s/v1", {"a", "term-x"})
    resolved = text.render(PrintStyle(document, set(), "f0-"))
    assert '<a class="nk-ref" href="#a">1.1</a>' in resolved
    assert '<span class="nk-plain">2.1</span>' in resolved
    assert '<a class="nk-term" href="#term-x">X</a>' in resolved
    assert '<a href="https://example.org/">web</a>' in resolved
    assert '<span class="nk-link-broken">elsewhere</span>' in resolved


def test_footnotes_get_unique_ids() -> None:
    text = Text(
        markdown="",
        plain="",
        pieces=(
            "<p>A",
            FootnoteRef(note=1, occurrence=0),
            "</p>\n",
            FootnoteMark(role="list-start"),
            FootnoteMark(role="note-start", note=1),
            "<p>Note.",
            FootnoteMark(role="backref", note=1),
            "</p>\n",
            FootnoteMark(role="note-end", note=1),
            FootnoteMark(role="list-end"),
        ),
    )
    converted = text.render(PrintStyle(PrintDocument(None, "s/v1"), set(), "f7-"))
    assert 'href="#f7-fn1"' in converted and 'role="doc-endnote"' in converted
    assert "↩" not in converted and "footnotes-sep" not in converted


def test_characters_typst_treats_specially_come_through(tmp_path: Path) -> None:
    write_mini_project(tmp_path)
    chapter = tmp_path / "standards" / "mini" / "v2" / "01-chapter.md"
    odd = r"Costs in $ & # of \<sites> @ 50 % [net] *not* /x/ ~y~ \z"
    source = chapter.read_text(encoding="utf-8")
    source = source.replace("### 1.1 Legal compliance", "### 1.1 Legal compliance #1 $ <x> @y")
    source = source.replace("The Entity shall assess water risk", f"{odd}. The Entity shall assess")
    chapter.write_text(source, encoding="utf-8")
    result = build_project(tmp_path, tmp_path / "build", ("pdf", "docx"))
    assert result.check.ok
    text = squash(pdf_text(tmp_path / "build" / "pdf" / "mini-v2.pdf"))
    assert "1.1 Legal compliance #1 $ <x> @y" in text
    assert r"Costs in $ & # of <sites> @ 50 % [net] not /x/ ~y~ \z" in text


def test_a_fragment_is_converted_once_per_process_and_as_if_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Documents share most texts: each distinct fragment goes to pandoc once, and what it
    becomes does not depend on the fragments converted beside it."""
    from normkit.outputs.pdf import engine

    fragments = (
        "<p>One <em>two</em> <a href='#x'>three</a></p>",
        "<ol><li><p>four</p></li><li><p>five<sup>1</sup></p></li></ol>",
        "<p>One <em>two</em> <a href='#x'>three</a></p>",
    )
    pandoc = engine._pandoc_fragments
    runs: list[list[str]] = []

    def counted(items: list[str]) -> list[str]:
        runs.append(list(items))
        return pandoc(items)

    monkeypatch.setattr(engine, "_converted", {})
    monkeypatch.setattr(engine, "_pandoc_fragments", counted)
    first = engine.convert_fragments(fragments)
    assert runs == [list(fragments[:2])]
    assert first[0] == first[2] and "four" in first[1]
    again = engine.convert_fragments((fragments[1], "<p>six</p>"))
    assert runs[1:] == [["<p>six</p>"]], "only the new fragment goes to pandoc"
    assert again[0] == first[1]
    assert [pandoc([fragment])[0] for fragment in fragments[:2]] == first[:2]
