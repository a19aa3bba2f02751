"""Crosswalks to other schemes: the demo's two, checked, exported (CSV, XLSX, OSCAL) and on
the site (a page each, and the entries under every criterion they map)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import html5lib
from openpyxl import load_workbook

from normkit.crosswalks.status import coverage, later_changes, strongest, unmapped
from normkit.derived import Derived
from normkit.model.corpus import Corpus
from normkit.model.crosswalk import Relationship
from normkit.pipeline import CheckResult
from tests.exchange.oscal_tools import schema_errors, trestle

NS = {"h": "http://www.w3.org/1999/xhtml"}


def _text(element: object) -> str:
    return " ".join("".join(element.itertext()).split())  # type: ignore[attr-defined]


def _page(demo_out: Path, path: str) -> object:
    return html5lib.parse((demo_out / "site" / path / "index.html").read_bytes())


def test_the_demo_has_two_crosswalks_of_forty_entries_or_more(demo_corpus: Corpus) -> None:
    found = {c.slug: c for c in demo_corpus.crosswalks}
    assert sorted(found) == ["harbourline-code", "tellus-traceability"]
    for crosswalk in found.values():
        assert len(crosswalk.entries) >= 40
        assert crosswalk.scheme.title and crosswalk.scheme.url.startswith("https://")
        assert {e.relationship for e in crosswalk.entries} == set(Relationship)
    harbourline = found["harbourline-code"]
    assert (harbourline.standard, harbourline.reviewed_against) == ("performance", "v3")


def test_check_reports_what_changed_since_the_review(demo_check: CheckResult) -> None:
    """Harbourline was reviewed against V3; the V4 consultation draft changes four of the
    criteria it maps and its second draft five more. Every criterion has an entry, so
    coverage is not reported."""
    found = [d for d in demo_check.diagnostics if d.code.code.startswith("crosswalk.")]
    assert [(d.code.code, d.message.split("'")[1]) for d in found] == [
        ("crosswalk.stale", "anti-corruption"),
        ("crosswalk.stale", "fair-competition"),
        ("crosswalk.stale", "grievance-mechanism"),
        ("crosswalk.stale", "recycled-content"),
        ("crosswalk.stale", "ghg-targets"),
        ("crosswalk.stale", "tailings-management"),
        ("crosswalk.stale", "human-rights-due-diligence"),
        ("crosswalk.stale", "living-wage"),
        ("crosswalk.stale", "hazard-control"),
    ]
    assert "changed in performance@v4-draft2 (draft)" in found[2].message
    assert "changed in performance@v4 (consultation)" in found[1].message
    assert found[1].message.endswith(": withdrawn")


def test_coverage_counts_each_criterion_under_its_strongest_relationship(
    demo_corpus: Corpus,
) -> None:
    crosswalk = next(c for c in demo_corpus.crosswalks if c.slug == "harbourline-code")
    version = demo_corpus.version("performance", "v3")
    assert version is not None
    assert unmapped(crosswalk, version) == []
    rows = {row.section.number: row for row in coverage(crosswalk, version)}
    climate = rows["5"]
    assert len(climate.criteria) == 6
    assert climate.counts[Relationship.NO_RELATIONSHIP] == 1  # just transition
    assert climate.mapped == 5
    water = rows["7"]
    assert water.counts[Relationship.SUBSET_OF] == 5
    # community-information: subset-of one clause, intersects-with another.
    assert strongest(crosswalk.entries_for("community-information")) is Relationship.SUBSET_OF


def test_changes_are_followed_through_renames(demo_corpus: Corpus) -> None:
    derived = Derived(demo_corpus)
    standard = demo_corpus.standard("performance")
    assert standard is not None
    v2 = standard.version("v2")
    assert v2 is not None
    found = later_changes(derived, standard, v2, ["ghg-plan", "bribery", "legal-compliance"])
    assert found["ghg-plan"].version.name == "v3"
    assert found["ghg-plan"].successors == ("ghg-targets",)
    assert "renamed" in found["ghg-plan"].summary and "ghg-targets" in found["ghg-plan"].summary
    assert found["bribery"].summary.startswith("merged")
    assert "legal-compliance" not in found  # editorial in V3, unchanged in V4


def test_each_crosswalk_is_exported_as_csv_and_xlsx(demo_out: Path, demo_corpus: Corpus) -> None:
    for crosswalk in demo_corpus.crosswalks:
        book = load_workbook(demo_out / "crosswalks" / f"{crosswalk.slug}.xlsx")
        assert book.sheetnames == ["About", "Entries", "Coverage"]
        entries = list(book["Entries"].iter_rows(min_row=2, values_only=True))
        assert len(entries) == len(crosswalk.entries)
        with (demo_out / "crosswalks" / f"{crosswalk.slug}.csv").open(
            encoding="utf-8-sig", newline=""
        ) as handle:
            rows = list(csv.reader(handle))
        assert rows[0][:4] == ["Number", "ID", "Criterion", "Relationship"]
        assert [(r[1], r[4]) for r in rows[1:]] == [(e[1], e[4] or "") for e in entries]
        matrix = list(book["Coverage"].iter_rows(min_row=2, values_only=True))
        version = demo_corpus.version(crosswalk.standard, crosswalk.reviewed_against)
        assert version is not None
        assert sum(int(str(r[1])) for r in matrix) == sum(1 for _ in version.active_criteria())
    index = json.loads((demo_out / "crosswalks" / "index.json").read_text(encoding="utf-8"))
    listed = {c["slug"]: c for c in index["crosswalks"]}
    assert {slug: len(c["entries"]) for slug, c in listed.items()} == {
        c.slug: len(c.entries) for c in demo_corpus.crosswalks
    }
    withdrawn = next(
        e for e in listed["harbourline-code"]["entries"] if e["criterion"] == "fair-competition"
    )
    assert withdrawn["changed_since_review"] == {"version": "v4", "kinds": ["withdrawn"]}
    book = load_workbook(demo_out / "crosswalks" / "harbourline-code.xlsx")
    changed = {r[1]: r[7] for r in book["Entries"].iter_rows(min_row=2, values_only=True)}
    assert changed["fair-competition"] == "v4: withdrawn"
    assert changed["legal-compliance"] is None


def test_each_crosswalk_is_an_oscal_mapping_collection(demo_out: Path) -> None:
    for slug in ("harbourline-code", "tellus-traceability"):
        path = demo_out / "oscal" / "crosswalks" / f"{slug}.json"
        document = json.loads(path.read_text(encoding="utf-8"))
        assert schema_errors("mapping", document) == []
        result = trestle(path, "mapping-collection")
        assert result.returncode == 0, result.stdout + result.stderr
    collection = json.loads(
        (demo_out / "oscal" / "crosswalks" / "harbourline-code.json").read_text("utf-8")
    )["mapping-collection"]
    assert collection["provenance"]["method"] == "human"
    mapping = collection["mappings"][0]
    assert mapping["source-resource"]["href"] == "../performance/v3/catalog.json"
    maps = {(m["sources"][0]["id-ref"], m["targets"][0]["id-ref"]): m for m in mapping["maps"]}
    assert maps[("legal-compliance", "1.1")]["relationship"] == "equal-to"
    assert maps[("ghg-targets_smt.d", "5.3.2")]["relationship"] == "no-relationship"
    assert maps[("ghg-targets_smt.d", "5.3.2")]["sources"][0]["type"] == "statement"
    assert mapping["source-gap-summary"]["unmapped-controls"] == [{"with-ids": ["just-transition"]}]
    scheme = collection["back-matter"]["resources"][0]
    assert mapping["target-resource"]["href"] == f"#{scheme['uuid']}"
    assert scheme["rlinks"] == [{"href": "https://harbourline.example/code/2.1/"}]


def test_each_crosswalk_has_its_page_with_a_coverage_matrix(demo_out: Path) -> None:
    page = _page(demo_out, "crosswalks/harbourline-code")
    tables = page.findall(".//h:table", NS)  # type: ignore[attr-defined]
    coverage_rows = tables[0].findall(".//h:tbody/h:tr", NS)
    labels = [_text(row.find("h:th", NS)) for row in coverage_rows]
    assert labels[0] == "1 Business integrity" and labels[-1] == "All criteria"
    assert len(labels) == 12  # eleven principles and the total
    total = [_text(cell) for cell in coverage_rows[-1].findall("h:td", NS)]
    assert total[:2] == ["61", "98 %"]
    entries = tables[1].findall(".//h:tbody/h:tr", NS)
    assert len(entries) == 64
    text = _text(page)
    assert "Changed since the review" in text and "1.4 Fair competition: withdrawn" in text
    links = [a.get("href") for a in page.findall(".//h:a", NS)]  # type: ignore[attr-defined]
    assert "../../downloads/crosswalks/harbourline-code.xlsx" in links
    assert "../../downloads/oscal/crosswalks/harbourline-code.json" in links
    assert (demo_out / "site" / "downloads/crosswalks/harbourline-code.xlsx").is_file()
    index = _text(_page(demo_out, "crosswalks"))
    assert "Harbourline Responsible Metals Code 2.1" in index
    assert "Tellus Minerals Traceability Standard 1.3" in index


def test_criteria_show_related_requirements_in_other_schemes(demo_out: Path) -> None:
    page = (demo_out / "site/performance/v3/5-climate-change/index.html").read_text("utf-8")
    block = re.search(
        r'id="ghg-targets".*?(<details class="note nk-related">.*?</details>)', page, re.S
    )
    assert block is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", block.group(1)).split())
    assert "Related requirements in other schemes (1)" in text
    assert "superset of 5.3 Emission reduction targets" in text
    assert "5.3.d : no relationship to 5.3.2 Use of carbon credits" in text
    assert 'href="../../../crosswalks/harbourline-code/"' in block.group(1)
    # A later version says which version the crosswalk was reviewed against, and what changed.
    draft = (demo_out / "site/performance/v4/5-climate-change/index.html").read_text("utf-8")
    later = re.search(
        r'id="ghg-targets".*?<details class="note nk-related">(.*?)</details>', draft, re.S
    )
    assert later is not None
    assert "reviewed against V3; this criterion has changed since" in later.group(1)
    # An earlier version is not spoken for.
    old = (demo_out / "site/performance/v2/5-climate-change/index.html").read_text("utf-8")
    assert "nk-related" not in old
