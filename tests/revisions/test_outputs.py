"""The diff output read back: JSON against its schema, tracked changes in the DOCX, HTML."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import jsonschema

from normkit.derived import Derived
from normkit.model.corpus import Corpus
from normkit.model.standard import Version
from normkit.outputs.diff.pages import CHANGES_JS, changes_page_html, criterion_marks
from normkit.outputs.diff.redline import write_redline_docx
from normkit.outputs.diff.serialise import changeset_document
from normkit.outputs.diff.writer import schema_text
from normkit.revisions.comparison import compare

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr", "source"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _versions(corpus: Corpus) -> tuple[Version, Version]:
    old, new = corpus.version("demo", "v1"), corpus.version("demo", "v2")
    assert old is not None and new is not None
    return old, new


class StrictParser(HTMLParser):
    """Checks nesting, collects ids and in-page links."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.anchors: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        href = values.get("href") or ""
        if href.startswith("#"):
            self.anchors.append(href[1:])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


def test_json_validates(mini_corpus: Corpus) -> None:
    old, new = _versions(mini_corpus)
    document = changeset_document(compare(mini_corpus, old, new), old, new)
    jsonschema.validate(document, json.loads(schema_text()))
    water = next(c for c in document["changes"] if c["old"] and c["old"][0]["id"] == "water")
    assert water["kinds"] == ["split"]
    assert [n["id"] for n in water["new"]] == ["water-withdrawal", "water-discharge"]
    labels = next(c for c in document["changes"] if c["new"] and c["new"][0]["id"] == "labels")
    assert labels["fields"] == [
        {"name": "criticality", "label": "Criticality", "old": "core", "new": "critical"}
    ]
    report = next(c for c in document["changes"] if c["new"] and c["new"][0]["id"] == "report")
    assert {"op": "insert", "text": " and progress towards them"} in report["redline"]


def test_demo_json_validates(demo_corpus: Corpus) -> None:
    schema = json.loads(schema_text())
    for version in demo_corpus.versions():
        old = demo_corpus.version(version.standard, version.supersedes or "")
        if old is not None:
            document = changeset_document(compare(demo_corpus, old, version), old, version)
            jsonschema.validate(document, schema)


def test_redline_docx_has_tracked_changes(mini_corpus: Corpus, tmp_path: Path) -> None:
    old, new = _versions(mini_corpus)
    standard = mini_corpus.standard("demo")
    assert standard is not None
    out = tmp_path / "v1..v2.docx"
    write_redline_docx(compare(mini_corpus, old, new), standard, old, new, out, None)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml").decode()
        comments = archive.read("word/comments.xml").decode()
    # What kind of change each is goes in a Word comment, so accepting all gives V2's text.
    assert "Metadata changed: Criticality core → critical" in comments
    comment_ids = set(re.findall(r'<w:commentRangeStart w:id="(\d+)"', xml))
    assert len(comment_ids) == 11
    revisions = re.findall(r'<w:(ins|del) w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)"', xml)
    assert {kind for kind, *_ in revisions} == {"ins", "del"}
    ids = [number for _kind, number, *_ in revisions]
    assert len(ids) == len(set(ids)), "every tracked change has its own id"
    assert not comment_ids & set(ids)
    assert {author for _k, _n, author, _d in revisions} == {"Test Standards Body"}
    assert {date for *_, date in revisions} == {"2023-03-01T00:00:00Z"}
    deleted = " ".join(re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", xml))
    assert "external energy audit" in deleted  # a removed criterion: its whole text is deleted
    inserted = re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml)
    assert any("confidential channel" in run for run in inserted)  # an added criterion
    # Numbered lines, so that a reviewer can cite one.
    sections = re.findall(r"<w:sectPr\b.*?</w:sectPr>", xml, re.S)
    assert sections and all('<w:lnNumType w:countBy="1"' in section for section in sections)


def test_redline_docx_opens_with_python_docx(mini_corpus: Corpus, tmp_path: Path) -> None:
    import docx

    old, new = _versions(mini_corpus)
    standard = mini_corpus.standard("demo")
    assert standard is not None
    out = tmp_path / "redline.docx"
    write_redline_docx(compare(mini_corpus, old, new), standard, old, new, out, None)
    document = docx.Document(str(out))
    body = document.element.body
    assert body.findall(f".//{W}ins") and body.findall(f".//{W}del")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Governance" in headings[0] or any("Governance" in h for h in headings)


def test_changes_page_is_valid_html(mini_corpus: Corpus) -> None:
    old, new = _versions(mini_corpus)
    changeset = Derived(mini_corpus).changeset(old, new)
    html = changes_page_html(
        changeset, old, new, lambda version, criterion_id: f"../{version.name}/#{criterion_id}"
    )
    parser = StrictParser()
    parser.feed(html)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    assert len(parser.ids) == len(set(parser.ids)), "ids are unique"
    assert set(parser.anchors) <= set(parser.ids), "every in-page link has a target"
    assert "<del>review</del>" not in html
    assert "<ins> and progress towards them</ins>" in html
    assert 'data-kinds="split"' in html and 'data-kind="split"' in html
    assert 'href="../v1/#water"' in html and 'href="../v2/#water-discharge"' in html
    for criterion in new.criteria():
        marked = criterion_marks(Derived(mini_corpus), new).get(criterion.id)
        if marked:
            assert f'id="change-{criterion.id}"' in html
    assert "data-kind" in CHANGES_JS and "aria-pressed" in CHANGES_JS


def test_criterion_marks(mini_corpus: Corpus) -> None:
    old, new = _versions(mini_corpus)
    marks = criterion_marks(Derived(mini_corpus), new)
    assert marks["supplier-grievance"] == "new"
    assert marks["report"] == marks["water-discharge"] == marks["footprint"] == "changed"
    assert "board" not in marks  # only its number changed
    assert criterion_marks(Derived(mini_corpus), old) == {}


def test_redline_parts_are_a_word_list(demo_corpus: Corpus, tmp_path: Path) -> None:
    """A criterion's lettered parts are Word list items numbered a., b., c. by Word, not
    typed letters, so an inserted or removed part renumbers the others."""
    import docx

    standard = demo_corpus.standard("performance")
    old, new = demo_corpus.version("performance", "v2"), demo_corpus.version("performance", "v3")
    assert standard is not None and old is not None and new is not None
    out = tmp_path / "v2..v3.docx"
    write_redline_docx(compare(demo_corpus, old, new), standard, old, new, out, None)
    with zipfile.ZipFile(out) as archive:
        numbering = archive.read("word/numbering.xml").decode()
    document = docx.Document(str(out))
    items: dict[str, int] = {}
    heading = ""
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name.startswith("Heading"):
            heading = paragraph.text
            continue
        properties = paragraph._p.pPr
        if properties is None or properties.numPr is None:
            continue
        items[heading] = items.get(heading, 0) + 1
        assert not re.match(r"[a-z]\. ", paragraph.text), paragraph.text
        number = properties.numPr.numId.val
        abstract = re.search(
            rf'<w:num w:numId="{number}">\s*<w:abstractNumId w:val="(\d+)"', numbering
        )
        assert abstract is not None
        first_level = re.search(
            rf'<w:abstractNum w:abstractNumId="{abstract.group(1)}"[^>]*>.*?'
            r'<w:numFmt w:val="(\w+)"',
            numbering,
            re.S,
        )
        assert first_level is not None and first_level.group(1) == "lowerLetter"
    legal = new.criterion("legal-compliance")
    assert legal is not None and len(legal.parts) >= 2
    assert items[f"{legal.number} {legal.title}"] == len(legal.parts)
