"""Script, event handlers and `javascript:` URLs in the source fields that
`test_hostile_sources.py` does not reach: the standard's code, file and folder names,
applicability codes and field names, section fields, list and URL field values, a version's
own field declarations, display numbers of a standard's own numbering, withdrawal reasons,
section notes, footnotes, the text of references and terms, a term's heading. None of it may
become markup in the site, the criteria JSON's `html`, the DOCX or the PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from normkit.outputs.registry import available
from normkit.outputs.site.markup import field_attribute
from normkit.pipeline import build_project
from tests.print.conftest import pdf_text
from tests.trust.changes import (
    CHANGES,
    ENVIRONMENT,
    GLOSSARY,
    GOVERNANCE,
    STANDARD,
    V3,
    Append,
    Change,
    Replace,
    Write,
)
from tests.trust.fuzzing import materialise
from tests.trust.hostile import BODY_INLINE, GONE, PAYLOAD, injected
from tests.trust.test_hostile_sources import _docx_problems, _html_fields, _pages, _visible

pytestmark = pytest.mark.slow

QUOTED = json.dumps(PAYLOAD)
"""The payload as a YAML (JSON-style) quoted scalar."""
ATTRIBUTE = "x\" onmouseover=\"alert('GONE-ATTRIBUTE')\" y='"
"""A value that leaves an HTML attribute if written into one unescaped."""
NAME = "03-<img src=x onerror=alert('GONE-NAME')>.md"
"""A chapter's file name: legal on every file system but Windows."""

CHANGES_MADE: tuple[Change, ...] = (
    Replace(STANDARD, "code: PS", f"code: {QUOTED}"),
    Replace(STANDARD, "  - manufacturing", f"  - {json.dumps(ATTRIBUTE)}"),
    Replace(
        STANDARD, "    choices: [low, medium, high]", f"    choices: [low, medium, high, {QUOTED}]"
    ),
    Replace(STANDARD, "numbering: dotted", "numbering: {pattern: '\\d+(\\.\\d+)*|<[^ ]+>'}"),
    Replace(GOVERNANCE, "impact: high", f"impact: {QUOTED}"),
    Replace(GOVERNANCE, "audiences: [Workers, Agents]", f"audiences: [Workers, {QUOTED}]"),
    Replace(
        GOVERNANCE,
        "reference: https://example.org/law",
        "reference: 'https://example.org/x\"><script>alert(1)</script>'",
    ),
    Replace(GOVERNANCE, "**References**:", f"**References** {BODY_INLINE.splitlines()[0]}:"),
    Replace(GOVERNANCE, "[^1]: See", f"[^1]: {BODY_INLINE.splitlines()[0]} See"),
    Replace(
        ENVIRONMENT,
        "withdrawn_reason: Energy use is now covered by the targets.",
        f"withdrawn_reason: {QUOTED}",
    ),
    Replace(
        ENVIRONMENT,
        "[[legal-compliance.a|the law part]]",
        # The text shown for a reference or a term is text: written as-is, never as HTML.
        "[[legal-compliance.a|<img src=x onerror=alert('REF')>]] and "
        "[=Entity|<script>alert('TERM')</script>=]",
    ),
    Append(V3, f"fields:\n  add:\n    risk:\n      label: {QUOTED}\n      description: {QUOTED}\n"),
    Append(CHANGES, "fields:\n  - {kind: added, field: risk}\n"),
    Write(
        f"standards/performance/v3/{NAME}",
        "# Annex\n\n### <img/src=x/onerror=alert('GONE-NUMBER')> Hostile number\n\n"
        f"```criterion\nid: annex-criterion\napplies_to: [{json.dumps(ATTRIBUTE)}]\n"
        f"risk: {QUOTED}\n```\n\nThe Entity shall report.\n",
    ),
    Append(
        GLOSSARY,
        f"\n## Payload {PAYLOAD.replace('<', '&lt;', 0)}\n\n```term\nid: payload\n```\n\nA term.\n",
    ),
)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = materialise(tmp_path_factory.mktemp("hostile-fields") / "project")
    for change in CHANGES_MADE:
        change.apply(project)
    result = build_project(project, project / "build", available())
    assert result.check.ok, [d.format() for d in result.check.errors]
    return project / "build"


def test_no_field_becomes_markup_on_any_page(build: Path) -> None:
    pages = _pages(build / "site")
    assert len(pages) > 10
    found = {
        str(page.relative_to(build)): problems
        for page in pages
        if (problems := injected(page.read_text(encoding="utf-8")))
    }
    assert not found
    # Escaped, not lost: the reader sees what was written.
    shown = "".join(_visible(page) for page in pages)
    for text in ("<img/src=x/onerror=alert('GONE-NUMBER')>", 'onmouseover="alert(', PAYLOAD):
        assert text in shown


def test_json_html_fields_are_sanitised(build: Path) -> None:
    documents = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((build / "json").rglob("*.json"))
        if "schema" not in path.parts
    ]
    fields = [html for document in documents for html in _html_fields(document)]
    assert len(fields) > 10
    for html in fields:
        assert not injected(f"<body>{html}</body>"), html
        assert not [marker for marker in GONE if marker in html]
    assert PAYLOAD in json.dumps(documents, ensure_ascii=False).replace('\\"', '"')


def test_docx_and_pdf_have_no_script(build: Path) -> None:
    documents = sorted(build.rglob("*.docx"))
    assert documents
    for path in documents:
        assert not _docx_problems(path), path
    for path in sorted(build.rglob("*.pdf")):
        text = pdf_text(path)
        assert not [marker for marker in GONE if marker in text]


def test_an_attribute_name_never_holds_what_a_source_wrote() -> None:
    """Field names are checked when declared (`schema.invalid-field`); the site's attribute
    names are made safe all the same, since an attribute name cannot be escaped."""
    attribute = field_attribute(ATTRIBUTE)
    assert attribute.startswith("data-field-") and re.fullmatch(r"[\w-]+", attribute)
