"""The public consultation report on the demo's first round (Performance Standard V4): the
JSON, the site page with its filters, comment counts on the draft's criterion pages, and the
next version's changes linked to the comments they answer. Comment text is untrusted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import html5lib
import jsonschema
import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.consultation.json_files import schema_text
from tests.consultation.readback import files_mentioning, readable_text

REPORT = "site/performance/v4/consultation/index.html"
SVG = "{http://www.w3.org/2000/svg}"
WITHHELD = [
    "Mateo Ibáñez",
    "Ibáñez",
    "Jonas Weber",
    "Grace Mwangi",
    "Mwangi",
    "Martin Kell",
    "Elena Varga",
]


def _tree(path: Path) -> Any:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def _comments(tree: Any) -> list[Any]:
    return [a for a in tree.findall(".//article") if a.get("class") == "nk-comment"]


def test_demo_round_is_realistic(demo_out: Path) -> None:
    report = json.loads((demo_out / "json/performance/v4/consultation.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(json.loads(schema_text())).validate(report)
    stats = report["statistics"]
    assert stats["comments"] >= 60 and stats["organisations"] >= 8
    assert len(stats["per_stakeholder_group"]) >= 4
    assert stats["answered"] > stats["comments"] / 2
    assert report["round"] == {
        "state": "closed",
        "opened": "2026-10-01",
        "closes": "2026-11-30",
        "successor": "v4-draft2",
    }
    addressed = [c for c in report["comments"] if c["response"] and c["response"]["addressed_in"]]
    assert len(addressed) >= 10
    received = {
        p.suffix for p in (Path(__file__).parents[2] / "consultations/performance/v4").iterdir()
    }
    assert {".xlsx", ".csv"} <= received


def test_report_page_counts_and_names(demo_out: Path) -> None:
    tree = _tree(demo_out / REPORT)
    comments = _comments(tree)
    report = json.loads((demo_out / "json/performance/v4/consultation.json").read_text("utf-8"))
    assert len(comments) == report["statistics"]["comments"]
    svg = next(e for e in tree.iter(f"{SVG}svg") if e.get("class") == "nk-chart")
    assert svg is not None and svg.get("role") == "img"
    assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
    text = readable_text(demo_out / REPORT)
    assert "Kari Nordahl" in text  # published with consent
    assert files_mentioning(demo_out, WITHHELD) == []


def test_criterion_pages_link_their_comment_counts(demo_out: Path) -> None:
    page = demo_out / "site/performance/v4/5-climate-change/index.html"
    links = [a for a in _tree(page).findall(".//a") if a.get("class") == "nk-comment-count-link"]
    by_target = {a.get("href"): a.text for a in links}
    assert by_target["../consultation/#comments-ghg-targets"] == "5 comments"
    report_ids = {e.get("id") for e in _tree(demo_out / REPORT).iter() if e.get("id")}
    assert all(href.partition("#")[2] in report_ids for href in by_target if "#" in href)
    assert by_target["../consultation/"] == "No comments"


def test_changes_link_the_comments_they_answer(demo_out: Path) -> None:
    changes = _tree(demo_out / "site/performance/v4-draft2/changes/index.html")
    answers = [p for p in changes.findall(".//p") if p.get("class") == "nk-change-answers"]
    assert len(answers) == 10
    anchors = {a.get("id") for a in _comments(_tree(demo_out / REPORT))}
    for paragraph in answers:
        for link in paragraph.findall("a"):
            page, _, anchor = link.get("href").partition("#")
            assert page == "../../v4/consultation/" and anchor in anchors
    summary = " ".join(readable_text(demo_out / "diff/performance/v4..v4-draft2.pdf").split())
    assert summary.count("In response to comment") == 10
    # The summary names the same comments, in the singular for one.
    for paragraph in answers:
        labels = [link.text for link in paragraph.findall("a")]
        noun = "comment" if len(labels) == 1 else "comments"
        assert f"In response to {noun} {', '.join(labels)} on" in summary, labels


def test_hostile_comment_text_stays_text(consulted: tuple[Corpus, Path, Path]) -> None:
    _, _, out = consulted
    page = out / "site/demo/v2/consultation/index.html"
    tree = _tree(page)
    scripts = [s.text or "" for s in tree.findall(".//script")]
    assert not any("alert(1)" in s for s in scripts)
    texts = ["".join(a.itertext()) for a in _comments(tree)]
    assert any("<script>alert(1)</script>" in t for t in texts)
    assert "=HYPERLINK(" in readable_text(out / "pdf/demo-v2-consultation.pdf")
    report = json.loads((out / "json/demo/v2/consultation.json").read_text("utf-8"))
    assert report["comments"][0]["proposed_change"] == "-1 +1 @SUM(A1)"


@pytest.mark.browser
def test_filters_show_the_comments_of_one_group(browser: Any, demo_out: Path) -> None:
    page = browser.new_page()
    page.goto((demo_out / REPORT).as_uri())
    assert page.locator(".nk-comment-filters").is_visible()
    total = page.locator("article.nk-comment").count()
    page.select_option("select[data-filter=group]", "labour")
    shown = page.locator("article.nk-comment:visible").count()
    assert 0 < shown < total
    assert page.locator(".nk-comment-count").inner_text() == f"{shown} of {total} comments"
    page.select_option("select[data-filter=decision]", "accepted")
    both = page.locator("article.nk-comment:visible")
    assert all(
        both.nth(i).get_attribute("data-group") == "labour"
        and both.nth(i).get_attribute("data-decision") == "accepted"
        for i in range(both.count())
    )
    hidden_sections = page.locator("section.nk-comment-target:not(:visible)").count()
    assert hidden_sections > 0
    page.close()
