"""Importing an OSCAL catalog: structure, text, withdrawn controls, guidance, re-imports."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit.cli import main
from normkit.importers import ImportRefused, criterion_id, import_source
from normkit.pipeline import build_project
from tests.importers.conftest import FIXTURES, by_id, criteria_json, errors, tree

CATALOG = FIXTURES / "small-catalog.json"


def test_catalog_becomes_a_version_that_checks_clean(project: Path) -> None:
    result = import_source(CATALOG, project, "harbour", "v2")
    assert result.ok and not result.diagnostics
    assert errors(project) == []
    document = criteria_json(project, "harbour", "v2")
    criteria = by_id(document)
    assert list(criteria) == ["op-1", "op-1-1", "op-1-2", "op-2", "sa-1", "sa-2"]
    first = criteria["op-1"]
    assert (first["number"], first["title"]) == ("OP-1", "Shift handover <log> & checklist")
    assert [p["number"] for p in first["parts"]] == ["OP-1.a", "OP-1.b", "OP-1.c"]
    plain = first["text"]["plain"]
    assert (
        "[Selection (one or more): paper; electronic; "
        "[Assignment: another medium approved by the harbour master]] media;" in plain
    )
    assert "[Assignment: organization-defined frequency]" in plain
    assert "weather warnings < 24 hours old" in plain
    assert 'href="https://example.org/harbour/manual"' in first["text"]["html"]
    assert first["fields"] == {"oscal_id": "op-1", "oscal_class": "HSC", "priority": "P1"}
    assert criteria["op-1-1"]["number"] == "OP-1(1)"
    assert criteria["op-1-1"]["fields"]["oscal_id"] == "op-1.1"


def test_withdrawn_controls_keep_their_targets(project: Path) -> None:
    import_source(CATALOG, project, "harbour", "v2")
    criteria = by_id(criteria_json(project, "harbour", "v2"))
    merged, moved = criteria["op-1-2"], criteria["sa-2"]
    assert merged["status"] == "withdrawn" and merged["withdrawn_as"] == "incorporated"
    assert [(t["id"], t["part"]) for t in merged["withdrawn_to"]] == [("op-1", "b")]
    assert moved["withdrawn_as"] == "moved"
    assert [(t["id"], t["part"]) for t in moved["withdrawn_to"]] == [("sa-1", None)]


def test_groups_nest_as_sections_and_guidance_is_an_edition(project: Path) -> None:
    import_source(CATALOG, project, "harbour", "v2")
    document = criteria_json(project, "harbour", "v2")
    crane = by_id(document)["sa-1"]
    assert [s["title"] for s in crane["section_path"]] == ["Safety", "Cranes"]
    guidance = by_id(document)["op-1"]["guidance"]
    text = json.dumps(guidance)
    assert "written down survives a busy shift" in text
    assert "Harbour Operations Manual" in text
    assert "Related controls: OP-2." in guidance["intro"]["plain"]
    standard = (project / "standards/harbour/standard.yml").read_text()
    assert "section_levels:\n- family\n- area\n" in standard
    assert "numbering: alphanumeric" in standard
    edition = (project / "guidance/harbour/v2/edition.yml").read_text()
    assert "serves: v2" in edition
    references = (project / "standards/harbour/v2/03-references.md").read_text()
    assert "**Harbour Operations Manual** — Harbour Authority" in references


def test_import_is_deterministic(tmp_path: Path) -> None:
    trees = []
    for name in ("one", "two"):
        root = tmp_path / name
        (root / "standards").mkdir(parents=True)
        import_source(CATALOG, root, "harbour", "v2")
        trees.append(tree(root))
    assert trees[0] == trees[1]


def test_reimport_supersedes_the_newest_version(project: Path) -> None:
    import_source(CATALOG, project, "harbour", "v2")
    result = import_source(CATALOG, project, "harbour", "v3")
    assert result.supersedes == "v2"
    assert "supersedes: v2" in (project / "standards/harbour/v3/version.yml").read_text()
    assert "status: superseded" in (project / "standards/harbour/v2/version.yml").read_text()
    assert errors(project) == []


def test_existing_version_is_kept_unless_forced(project: Path) -> None:
    import_source(CATALOG, project, "harbour", "v2")
    chapter = project / "standards/harbour/v2/01-operations.md"
    chapter.write_text("# Edited\n")
    with pytest.raises(ImportRefused, match="exists already"):
        import_source(CATALOG, project, "harbour", "v2")
    assert chapter.read_text() == "# Edited\n"
    import_source(CATALOG, project, "harbour", "v2", force=True)
    assert chapter.read_text().startswith("# Operations")
    assert errors(project) == []


def test_cli_refuses_with_exit_2_and_reports_located_errors(project: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    arguments = ["import", str(CATALOG), "--standard", "harbour", "--version", "v2"]
    assert runner.invoke(main, [*arguments, "--project", str(project)]).exit_code == 0
    again = runner.invoke(main, [*arguments, "--project", str(project)])
    assert again.exit_code == 2 and "give --force" in again.stderr
    profile = tmp_path / "profile.json"
    profile.write_text('{"profile": {"imports": []}}')
    wrong = runner.invoke(
        main,
        ["import", str(profile), "--standard", "p", "--version", "v1", "--project", str(project)],
    )
    assert wrong.exit_code == 1
    assert (
        f"{profile}:1:1: error: the document is not an OSCAL catalog (it is an OSCAL 'profile')"
        in (wrong.stderr)
    )


def test_control_ids_become_stable_criterion_ids() -> None:
    assert criterion_id("ac-2.1") == "ac-2-1"
    assert criterion_id("AC_2.13") == "ac-2-13"
    assert criterion_id("pm-1") == "pm-1"


@pytest.mark.slow
def test_imported_catalog_builds_through_every_output(project: Path) -> None:
    import_source(CATALOG, project, "harbour", "v2")
    import_source(CATALOG, project, "harbour", "v3")
    outputs = ("json", "pdf", "docx", "diff", "site")
    result = build_project(project, project / "build", outputs)
    assert result.check.ok and result.written == list(outputs)
    out = project / "build"
    text = subprocess.run(
        ["pdftotext", str(out / "pdf/harbour-v2.pdf"), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "Shift handover <log> & checklist" in " ".join(text.split())
    assert (out / "docx/harbour-guidance-v2.docx").is_file()
    assert (out / "diff/harbour/v2..v3.json").is_file()
    page = (out / "site/harbour/v2/operations/index.html").read_text()
    assert "Shift handover &lt;log&gt; &amp; checklist" in page


def test_references_list_every_document_once(project: Path, tmp_path: Path) -> None:
    """`reference` links become the guidance's "References" list, `mailto:` resources
    linked too; a guidance that already has that list (normkit's export of an imported
    catalog writes one, and a link for each document in it) does not get it twice."""
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    resources = catalog["catalog"]["back-matter"]["resources"]
    resources.append(
        {
            "uuid": "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b",
            "title": "Port State Control Guide",
            "rlinks": [{"href": "mailto:psc@harbour.example"}],
        }
    )
    controls = catalog["catalog"]["groups"][0]["controls"]
    first, second = (next(c for c in controls if c["id"] == i) for i in ("op-1", "op-2"))
    first["links"].append({"href": f"#{resources[-1]['uuid']}", "rel": "reference"})
    second.setdefault("links", []).append({"href": f"#{resources[-1]['uuid']}", "rel": "reference"})
    listed = "### References\n\n- [Port State Control Guide](mailto:psc@harbour.example)"
    second.setdefault("parts", []).append({"name": "guidance", "prose": listed})
    source = tmp_path / "catalog.json"
    source.write_text(json.dumps(catalog), encoding="utf-8")
    import_source(source, project, "harbour", "v2")
    criteria = by_id(criteria_json(project, "harbour", "v2"))
    sections = {s["title"]: s["text"] for s in criteria["op-1"]["guidance"]["sections"]}
    assert sections["References"]["plain"] == (
        "- Harbour Operations Manual\n- Port State Control Guide"
    )
    assert 'href="mailto:psc@harbour.example"' in sections["References"]["html"]
    again = criteria["op-2"]["guidance"]
    assert [s["title"] for s in again["sections"]] == ["References"]
    assert again["sections"][0]["text"]["plain"] == "- Port State Control Guide"
