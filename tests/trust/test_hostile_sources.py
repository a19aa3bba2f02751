"""Script, event handlers and `javascript:` URLs in every text-bearing source field: none of
it survives into the site (read by an HTML5 parser and run in a browser), the criteria JSON,
the DOCX or the PDF; metadata text is shown exactly as written."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest
from docx import Document
from pypdf import PdfReader

from normkit.diagnostics import Code
from normkit.outputs.registry import available
from normkit.pipeline import build_project
from tests.print.conftest import pdf_text
from tests.site.conftest import QuietHandler
from tests.trust.hostile import BAD_SCHEMES, GONE, MARK, PAYLOAD, hostile_project, injected

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    result = build_project(root, root / "build", available())
    assert result.check.ok, [d.format() for d in result.check.errors]
    codes = {d.code for d in result.check.diagnostics}
    assert Code.HTML_REMOVED in codes, "the sanitiser reported nothing it removed"
    return root / "build"


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def _visible(path: Path) -> str:
    tree = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return "".join(tree.find(".//body").itertext())


def test_no_payload_becomes_markup_on_any_page(hostile_build: Path) -> None:
    pages = _pages(hostile_build / "site")
    assert len(pages) > 20
    found = {
        str(page.relative_to(hostile_build)): problems
        for page in pages
        if (problems := injected(page.read_text(encoding="utf-8")))
    }
    assert not found
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not [marker for marker in GONE if marker in text], page


def test_metadata_is_shown_as_text(hostile_build: Path) -> None:
    """Escaped, not dropped: the reader sees exactly what the author wrote."""
    site = hostile_build / "site"
    # The standard's title in the navigation, the version's title and summary in the content.
    assert _visible(site / "demo/v2/index.html").count(PAYLOAD) >= 3
    section = next((site / "demo/v2").glob("1-integrity*")) / "index.html"
    tree = html5lib.parse(section.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    title = "".join(tree.find(".//title").itertext())
    assert title.startswith(f"1 Integrity {PAYLOAD} · ") and title.endswith(" - project")
    text = _visible(section)
    for shown in (f"1.1 Legal compliance {PAYLOAD}", f"Note {PAYLOAD}", f"Intent {PAYLOAD}"):
        assert shown in text
    # Safe author HTML keeps working next to the payloads.
    assert "Boxed." in text and "hover" in text


def _html_fields(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "html" and isinstance(item, str):
                yield item
            else:
                yield from _html_fields(item)
    elif isinstance(value, list):
        for item in value:
            yield from _html_fields(item)


def test_json_html_fields_are_sanitised(hostile_build: Path) -> None:
    fields = [
        html
        for path in sorted((hostile_build / "json").rglob("*.json"))
        if "schema" not in path.parts
        for html in _html_fields(json.loads(path.read_text(encoding="utf-8")))
    ]
    assert len(fields) > 10 and any("Boxed." in html for html in fields)
    for html in fields:
        assert not injected(f"<body>{html}</body>"), html
        assert not [marker for marker in GONE if marker in html], html


def _docx_problems(path: Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            xml = archive.read(name).decode("utf-8")
            targets = re.findall(r'Target="([^"]*)"', xml)
            problems += [f"{name}: {t}" for t in targets if t.lower().startswith(BAD_SCHEMES)]
            problems += [f"{name}: {m}" for m in GONE if m in xml]
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    problems += [f"text: {m}" for m in GONE if m in text]
    return problems


def test_docx_has_no_payload(hostile_build: Path) -> None:
    documents = sorted(hostile_build.rglob("*.docx"))
    assert len(documents) >= 4  # versions, guidance editions, a redline
    for path in documents:
        assert not _docx_problems(path), path
    text = "\n".join(p.text for p in Document(str(hostile_build / "docx/demo-v2.docx")).paragraphs)
    assert "Boxed." in text and MARK in text


def test_pdf_has_no_payload(hostile_build: Path) -> None:
    documents = sorted(hostile_build.rglob("*.pdf"))
    assert len(documents) >= 5  # versions, guidance editions, a summary of changes
    for path in documents:
        text = pdf_text(path)
        assert not [marker for marker in GONE if marker in text], path
        uris = [
            str(annotation.get_object()["/A"].get("/URI", ""))
            for page in PdfReader(path).pages
            for annotation in page.get("/Annots") or []
            if "/A" in annotation.get_object()
        ]
        assert not [uri for uri in uris if uri.lower().startswith(BAD_SCHEMES)], path
    assert "Boxed." in pdf_text(hostile_build / "pdf/demo-v2.pdf")


@pytest.fixture(scope="module")
def hostile_url(hostile_build: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(hostile_build / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_no_script_runs_in_the_browser(browser: Any, hostile_build: Path, hostile_url: str) -> None:
    site = hostile_build / "site"
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visited = 0
    for path in _pages(site):
        page.goto(hostile_url + path.relative_to(site).as_posix(), wait_until="load")
        page.wait_for_timeout(30)
        # Hovering and clicking every author element would fire any handler that got through.
        for element in page.locator(".nk-body span, .nk-body a, .nk-intro div").all()[:20]:
            if element.is_visible():
                element.hover()
        visited += 1
    # Search results show excerpts of the indexed text as HTML.
    page.goto(hostile_url, wait_until="load")
    page.locator(".nk-search-button").click()
    for query in (MARK, "Boxed", "alert"):
        page.locator(".nk-search-input").fill(query)
        page.locator(".nk-search-result").first.wait_for()
        page.wait_for_timeout(200)
    context.close()
    assert visited > 20
    assert not dialogs
