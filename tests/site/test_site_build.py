"""Building the site of a mini-project and of the repository, and reading the HTML back."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.site import urls
from normkit.outputs.site.links import LinkContext, rewrite
from normkit.outputs.site.markup import UNINDEXED, raw, raw_blocks_kept
from normkit.outputs.site.search import EXCLUDED, PageIndex
from normkit.pipeline import build_project, check_project
from tests.site.crawl import broken_links
from tests.spine.miniprojects import materialise

REPO = Path(__file__).resolve().parents[2]

TRICKY_HTML = """<p>Text with *stars*, _underscores_ and [[brackets]] &amp; an entity.</p>

<pre><code>    indented code

# not a heading
</code></pre>
<ol type="a" class="nk-parts"><li id="x.a">1. not a list</li></ol>"""


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path]:
    root = materialise(None, tmp_path_factory.mktemp("mini") / "project")
    out = root / "build"
    result = build_project(root, out, ("json", "site"))
    assert result.check.ok, [d.format() for d in result.check.errors]
    return result.check.corpus, out / "site"


def test_raw_html_blocks_pass_python_markdown_untouched() -> None:
    converted = markdown.markdown(raw(TRICKY_HTML), extensions=["md_in_html", "attr_list"])
    assert TRICKY_HTML in converted


@pytest.mark.parametrize("mark", ["`", "~"])
def test_a_line_that_opens_like_a_fence_is_not_taken_for_one(mark: str) -> None:
    """Python-Markdown's fenced_code would take such a line for a code fence even inside raw
    HTML: its first mark becomes an entity, which the browser shows as the same text."""
    fence = mark * 3
    fragment = f"<pre><code>{fence}\n  {fence}python\nx = 1\n{fence}\n</code></pre>"
    block = raw(fragment)
    entity = "&#96;" if mark == "`" else "&#126;"
    assert f"<code>{fence}\n  {entity}{mark * 2}python\nx = 1\n{entity}{mark * 2}\n" in block
    converted = markdown.markdown(block, extensions=["md_in_html", "attr_list", "fenced_code"])
    assert f"{entity}{mark * 2}python" in converted
    assert raw(f"<p>{mark * 2} two {mark} marks</p>") == (
        f'\n<div markdown="0">\n<p>{mark * 2} two {mark} marks</p>\n</div>\n'
    )


def test_criterion_html_from_the_model_reaches_the_page_verbatim(
    mini_site: tuple[Corpus, Path],
) -> None:
    corpus, site = mini_site
    for version in corpus.versions():
        for criterion in version.criteria():
            page = urls.criterion_page(version, criterion)
            html = (site / page / "index.html").read_text(encoding="utf-8")
            links = LinkContext(corpus, version, page)
            expected = rewrite(criterion.body, links, criterion.id)
            assert expected in html, criterion.id
            assert 'href="#term-' not in expected


def test_references_and_terms_point_at_site_pages(mini_site: tuple[Corpus, Path]) -> None:
    corpus, site = mini_site
    version = corpus.version("demo", "v2")
    assert version is not None
    html = (site / "demo/v2/1-integrity/index.html").read_text(encoding="utf-8")
    assert 'href="./#legal-compliance.a"' in html
    assert 'id="ghg-targets-fn1"' in html
    assert 'href="../glossary/#term-entity"' in html
    assert not broken_links(site)


def test_redirects_and_short_addresses(mini_site: tuple[Corpus, Path]) -> None:
    _, site = mini_site
    latest = (site / "demo/latest/index.html").read_text(encoding="utf-8")
    assert 'url=../v2/"' in latest
    short = (site / "c/demo/ghg-targets/index.html").read_text(encoding="utf-8")
    assert "../../../demo/v2/1-integrity/#ghg-targets" in short


def test_site_bytes_are_deterministic(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "project")
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert build_project(root, out, ("site",)).check.ok
        digests.append(
            {
                p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted((out / "site").rglob("*"))
                # Pagefind's index files vary between runs (parallel indexing); not ours.
                if p.is_file() and "pagefind" not in p.parts
            }
        )
    assert digests[0] == digests[1]


@pytest.mark.parametrize(
    ("start", "target", "anchor", "expected"),
    [
        ("a/v1/", "a/v1/", "", "./"),
        ("a/v1/x/", "a/v1/glossary/", "term-y", "../glossary/#term-y"),
        ("", "a/v1/", "", "a/v1/"),
        ("c/a/id/", "a/v2/s/", "id", "../../../a/v2/s/#id"),
    ],
)
def test_relative_urls(start: str, target: str, anchor: str, expected: str) -> None:
    assert urls.relative(start, target, anchor) == expected


def test_mkdocs_build_strict_on_the_repository(tmp_path: Path) -> None:
    assert check_project(REPO).ok, "the demo corpus has content errors"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "performance" / "latest" / "index.html").is_file()
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file()


def test_exported_project_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    """Portability: the pages and config alone, without the plugin, make the same site."""
    from normkit.outputs.site.export import export_project

    result = check_project(materialise(None, tmp_path / "project"))
    export_project(result.corpus, tmp_path / "export")
    assert "normkit" not in (tmp_path / "export" / "mkdocs.yml").read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=tmp_path / "export",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "demo" / "v2" / "1-integrity" / "index.html").is_file()
    assert not broken_links(tmp_path / "site")


def test_search_is_sent_criteria_and_glossary_entries_as_empty_shells() -> None:
    """Pagefind leaves the blocks of criteria and glossary entries out of the pages' index
    (they are records of their own), so it is sent them without their content; a block with
    anything Pagefind might take from an element it leaves out keeps its content."""
    assert {f".{name}" for name in UNINDEXED} <= set(EXCLUDED)
    with raw_blocks_kept() as kept:
        criterion = raw("<p>The Entity shall report.</p>", "nk-criterion", data_criterion="c-1")
        pictured = raw('<p><img src="a.png" alt="A"></p>', "nk-criterion nk-withdrawn")
        note = raw("<p>A note.</p>", "nk-section-note")
    page = f"<h2>Title</h2>{criterion}{pictured}{note}"
    converted = markdown.markdown(page)
    full = kept.restore(converted)
    searched = kept.restore_for_search(converted)
    assert "The Entity shall report." in full
    assert "The Entity shall report." not in searched
    assert '<div class="nk-criterion" data-criterion="c-1" markdown="0">\n</div>' in searched
    for text in ('<img src="a.png" alt="A">', "<p>A note.</p>", "<h2>Title</h2>"):
        assert text in searched
    assert (
        searched.replace(
            '<div class="nk-criterion" data-criterion="c-1" markdown="0">\n</div>',
            '<div class="nk-criterion" data-criterion="c-1" markdown="0">\n'
            "<p>The Entity shall report.</p>\n</div>",
        )
        == full
    )


def test_a_site_build_sends_search_its_pages_with_shells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a real build, every page reaches Pagefind; a page of criteria without their
    content, and otherwise as it is written."""
    sent: dict[str, str] = {}
    add = PageIndex.add

    def record(index: PageIndex, page: str, url: str, *rest: Any) -> None:
        indexed = rest[1] if len(rest) > 1 else None
        sent[url] = page if indexed is None else indexed
        add(index, page, url, *rest)

    monkeypatch.setattr(PageIndex, "add", record)
    root = materialise(None, tmp_path / "project")
    result = build_project(root, root / "build", ("site",))
    assert result.check.ok
    site = root / "build" / "site"
    version = result.check.corpus.version("demo", "v2")
    assert version is not None
    shelled = 0
    for path in site.rglob("index.html"):
        url = "/" + path.relative_to(site).parent.as_posix().removeprefix(".") + "/"
        url = url.replace("//", "/")
        if url not in sent:
            continue
        written = path.read_text(encoding="utf-8")
        if sent[url] != written:
            shelled += 1
            assert len(sent[url]) < len(written)
            assert 'class="nk-criterion' in sent[url] or 'class="nk-term-entry' in sent[url]
    assert shelled and len(sent) >= 5
    for criterion in version.criteria():
        page = urls.criterion_page(version, criterion)
        assert criterion.body.plain.split()[0] in (site / page / "index.html").read_text()
