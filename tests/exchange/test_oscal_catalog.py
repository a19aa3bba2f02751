"""OSCAL catalogs: valid for NIST's schema and for compliance-trestle, faithful to the model,
deterministic, and read back by `normkit import` as the same criteria."""

from __future__ import annotations

import copy
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest

from normkit.importers import import_source
from normkit.model.corpus import Corpus
from normkit.model.standard import Criterion
from normkit.outputs.oscal.catalog import catalog_document
from normkit.outputs.oscal.writer import write_oscal
from normkit.pipeline import check_project
from tests.exchange.conftest import EXPECTED
from tests.exchange.oscal_tools import schema_errors, trestle


def _catalogs(out: Path) -> list[Path]:
    return sorted((out / "oscal").glob("*/*/catalog.json"))


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _controls(node: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for control in node.get("controls", []):
        found[control["id"]] = control
    for group in node.get("groups", []):
        found.update(_controls(group))
    return found


def _props(node: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in node.get("props", []) if p["name"] == name]


def _part(control: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in control["parts"] if p["name"] == name)


def test_a_catalog_per_version(demo_out: Path, demo_corpus: Corpus) -> None:
    written = sorted(p.relative_to(demo_out / "oscal").as_posix() for p in _catalogs(demo_out))
    expected = sorted(f"{v.standard}/{v.name}/catalog.json" for v in demo_corpus.versions())
    assert written == expected


def test_every_demo_catalog_is_valid_for_the_nist_schema_and_trestle(demo_out: Path) -> None:
    for path in _catalogs(demo_out):
        assert schema_errors("catalog", _load(path)) == [], path
        result = trestle(path, "catalog")
        assert result.returncode == 0 and "VALID" in result.stdout, result.stdout + result.stderr


def test_the_validators_reject_a_broken_catalog(demo_out: Path, tmp_path: Path) -> None:
    document = copy.deepcopy(_load(_catalogs(demo_out)[0]))
    document["catalog"]["groups"][0]["id"] = "5 not a token"
    del document["catalog"]["metadata"]["title"]
    broken = tmp_path / "catalog.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    assert len(schema_errors("catalog", document)) >= 2
    assert trestle(broken, "catalog").returncode != 0


def test_a_criterion_becomes_a_control(demo_out: Path) -> None:
    catalog = _load(demo_out / "oscal/performance/v3/catalog.json")["catalog"]
    assert catalog["metadata"]["oscal-version"] == "1.2.1"
    assert catalog["metadata"]["version"] == "v3"
    pillars = catalog["groups"]
    assert {g.get("class") for g in pillars} == {"pillar"}
    assert {g.get("class") for p in pillars for g in p.get("groups", [])} == {"principle"}
    control = _controls(catalog)["ghg-targets"]
    assert control["title"] == "Greenhouse gas targets"
    assert _props(control, "label") == ["5.3"]
    assert _props(control, "criticality") == ["critical"]
    assert _props(control, "public-disclosure") == ["true"]
    assert _props(control, "replaces") == ["ghg-plan"]
    assert "industrial-use" in _props(control, "applies-to")
    namespaces = {p.get("ns") for p in control["props"] if p["name"] != "label"}
    assert namespaces == {"https://standards.mmsc.example/ns/oscal"}
    statement = _part(control, "statement")
    assert statement["id"] == "ghg-targets_smt"
    assert statement["prose"].startswith("The [Entity](#")
    items = statement["parts"]
    assert [i["id"] for i in items] == [f"ghg-targets_smt.{x}" for x in "abcde"]
    assert [_props(i, "label") for i in items] == [[f"5.3.{x}"] for x in "abcde"]
    assert "[5.6](#just-transition)" in items[-1]["prose"]
    guidance = _part(control, "guidance")["prose"]
    assert "### Evidence" in guidance and "[5.1.d](#ghg-accounting_smt.d)" in guidance
    assert {"href": "#just-transition", "rel": "related"} in control["links"]


def test_terms_are_back_matter_that_prose_links_to(demo_out: Path) -> None:
    catalog = _load(demo_out / "oscal/performance/v3/catalog.json")["catalog"]
    resources = {r["title"]: r for r in catalog["back-matter"]["resources"]}
    emissions = resources["GHG Emissions"]
    assert _props(emissions, "kind") == ["defined-term"]
    assert emissions["description"]
    prose = _part(_controls(catalog)["ghg-targets"], "statement")["prose"]
    assert f"[GHG Emissions](#{emissions['uuid']})" in prose


def test_a_withdrawn_criterion_is_a_withdrawn_control(demo_out: Path) -> None:
    catalog = _load(demo_out / "oscal/performance/v4/catalog.json")["catalog"]
    control = _controls(catalog)["fair-competition"]
    assert _props(control, "status") == ["withdrawn"]
    assert {"href": "#legal-compliance", "rel": "incorporated-into"} in control["links"]
    reason = _part(control, "withdrawal-reason")
    assert reason["prose"].startswith("Competition law is among")


def _groups(node: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for group in node.get("groups", []):
        found[group["id"]] = group
        found.update(_groups(group))
    return found


def test_a_control_withdrawn_to_a_section_links_to_its_group(tmp_path: Path) -> None:
    """`withdrawn_to: [section:1-integrity, legal-compliance.b]`, `withdrawn_as: moved`:
    both targets are `moved-to` links, the section's to its group in the same catalog."""
    from tests.spine.miniprojects import materialise

    corpus = check_project(materialise("ok--withdrawn-to-section", tmp_path / "p")).corpus
    standard = corpus.standards[0]
    document = catalog_document(corpus, standard, standard.versions[-1])
    assert schema_errors("catalog", document) == []
    catalog = document["catalog"]
    links = _controls(catalog)["ghg-targets"]["links"]
    moved = [link["href"] for link in links if link["rel"] == "moved-to"]
    assert moved == ["#legal-compliance_smt.b", "#_1-integrity"]
    assert _groups(catalog)["_1-integrity"]["title"] == "Integrity"


def test_every_construct_of_the_text_reaches_the_prose(exchange_corpus: Corpus) -> None:
    standard = exchange_corpus.standards[0]
    document = catalog_document(exchange_corpus, standard, standard.versions[-1])
    assert schema_errors("catalog", document) == []
    catalog = document["catalog"]
    operations = next(g for g in catalog["groups"] if g["title"] == "Operations")
    # A group holds controls or groups: criteria before the first principle get their own.
    assert [g["id"] for g in operations["groups"]] == ["operations-criteria", "_3-maintenance"]
    control = _controls(catalog)["_2-widget-records"]
    statement = _part(control, "statement")
    assert "*widget* records in the **register** (`REG-1`)" in statement["prose"]
    assert "[the widget code](https://example.org/widgets?a=1&b=2)" in statement["prose"]
    closing = statement["parts"][-1]
    assert closing["name"] == "closing-text"
    assert "| A \\| B | 1 |" in closing["prose"]
    assert "```text\ncode [x] *y* {{ insert: param, x }}\n```" in closing["prose"]
    assert "> A quoted note on 2^3^ and H~2~O." in closing["prose"]
    assert (
        "a literal \\{\\{ insert: param, x \\}\\}, a \\* star and a line\\\nbreak."
        in (closing["prose"])
    )
    assert "\\# 1 starts this paragraph" in closing["prose"]
    assert "1\\. starts this one." in closing["prose"]
    assert _props(control, "note") == ['Kept < 5 years & then "archived".']
    documents = [r for r in catalog["back-matter"]["resources"] if "rlinks" in r]
    assert [(d["title"], d["rlinks"]) for d in documents] == [
        ("the widget code", [{"href": "https://example.org/widgets?a=1&b=2"}])
    ]
    reference = {"href": f"#{documents[0]['uuid']}", "rel": "reference"}
    assert reference in control["links"]
    assert reference in _controls(catalog)["gadget-upkeep"]["links"]


def test_catalogs_are_deterministic_with_version_5_uuids(demo_corpus: Corpus) -> None:
    standard = demo_corpus.standards[0]
    version = standard.versions[-1]
    first = catalog_document(demo_corpus, standard, version)
    assert first == catalog_document(demo_corpus, standard, version)
    text = json.dumps(first)
    uuids = {value for value in _uuids(first)}
    assert uuids and all(uuid.UUID(u).version == 5 for u in uuids)
    assert len(text) > 1000


def _uuids(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k == "uuid" and isinstance(v, str)]
        return found + [u for value in node.values() for u in _uuids(value)]
    if isinstance(node, list):
        return [u for value in node for u in _uuids(value)]
    return []


def test_the_catalog_uuid_changes_with_the_content(tmp_path: Path) -> None:
    from tests.exchange.conftest import exchange_project

    project = exchange_project(tmp_path / "p")
    before = _document_uuids(project)
    chapter = project / "standards/demo/v2/02-operations.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("gadgets as", "every gadget as"), encoding="utf-8")
    after = _document_uuids(project)
    assert before[0] != after[0], "a revised catalog needs a new uuid"
    assert before[1] == after[1], "its objects keep theirs"


def _document_uuids(project: Path) -> tuple[str, list[str]]:
    corpus = check_project(project).corpus
    standard = corpus.standards[0]
    catalog = catalog_document(corpus, standard, standard.versions[-1])["catalog"]
    return catalog["uuid"], _uuids(catalog["back-matter"])


def test_mini_project_oscal_matches_golden(
    exchange_corpus: Corpus, tmp_path: Path, update_goldens: bool
) -> None:
    out = tmp_path / "oscal"
    write_oscal(exchange_corpus, out)
    written = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.json")}
    golden = EXPECTED / "oscal"
    if update_goldens:
        shutil.rmtree(golden, ignore_errors=True)
        for name, text in written.items():
            (golden / name).parent.mkdir(parents=True, exist_ok=True)
            (golden / name).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(golden).as_posix(): p.read_text("utf-8") for p in golden.rglob("*.json")
    }
    assert written == expected


def _norm(text: str) -> str:
    return " ".join(text.split())


def _same_criterion(original: Criterion, imported: Criterion) -> list[str]:
    problems = []
    if (original.number, original.title) != (imported.number, imported.title):
        problems.append("heading")
    if _norm(original.body.plain) != _norm(imported.body.plain):
        problems.append("text")
    if [_norm(p.text.plain) for p in original.parts] != [
        _norm(p.text.plain) for p in imported.parts
    ]:
        problems.append("parts")
    if original.status != imported.status or [r.key for r in original.withdrawn_to] != [
        r.key for r in imported.withdrawn_to
    ]:
        problems.append("withdrawal")
    if list(original.applies_to) != list(imported.fields.get("oscal_applies_to") or []):
        problems.append("applicability")
    for name, value in original.fields.items():
        written = imported.fields.get(name)
        if value is not None and str(value).lower() != str(written).lower():
            problems.append(f"field {name}")
    return problems


@pytest.mark.parametrize("standard", ["performance", "chain-of-custody"])
def test_importing_an_exported_catalog_gives_back_the_criteria(
    standard: str, demo_out: Path, demo_corpus: Corpus, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    (project / "standards").mkdir(parents=True)
    source = demo_corpus.standard(standard)
    assert source is not None
    for version in source.versions:
        catalog = demo_out / "oscal" / standard / version.name / "catalog.json"
        result = import_source(catalog, project, standard, version.name)
        assert result.ok and not result.diagnostics, [d.format() for d in result.diagnostics]
    checked = check_project(project)
    assert checked.ok, [d.format() for d in checked.errors]
    for version in source.versions:
        imported = checked.corpus.version(standard, version.name)
        assert imported is not None
        found = {c.id: c for c in imported.criteria()}
        assert list(found) == [c.id for c in version.criteria()]
        problems = {c.id: p for c in version.criteria() if (p := _same_criterion(c, found[c.id]))}
        assert problems == {}, version.key
