"""The structures real standards use, on the `ok--` mini-projects: display numbers as authored,
number-only headings, withdrawn criteria, versions ordered by lineage, text after criteria."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from normkit.model.corpus import Corpus
from normkit.model.standard import Version
from normkit.outputs.consultation.json_files import report_path
from normkit.outputs.consultation.json_files import schema_text as consultation_schema_text
from normkit.outputs.consultation.report import build_report, reports
from normkit.outputs.consultation.serialise import report_document
from normkit.outputs.diff.serialise import changeset_document
from normkit.outputs.diff.writer import dump
from normkit.outputs.diff.writer import schema_text as changeset_schema_text
from normkit.outputs.json.serialise import index_document, version_document
from normkit.outputs.json.writer import schema_text
from normkit.pipeline import check_project
from normkit.revisions import ChangeKind
from normkit.revisions.comparison import compare
from tests.spine.miniprojects import PROJECTS, materialise, valid_case_names


def _validator(text: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json.loads(text), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Corpus]:
    """Each `ok--` case checked once."""
    found: dict[str, Corpus] = {}
    for case in valid_case_names():
        result = check_project(materialise(case, tmp_path_factory.mktemp(case) / "p"))
        assert not result.diagnostics, "\n".join(d.format() for d in result.diagnostics)
        found[case] = result.corpus
    return found


def _version(corpus: Corpus, standard: str, name: str) -> Version:
    found = corpus.version(standard, name)
    assert found is not None
    return found


def _outputs(case: str, corpus: Corpus) -> dict[str, str]:
    """Criteria JSON of the standards the case adds or changes, and their changesets."""
    touched = {p.name for p in (PROJECTS / case / "standards").iterdir()}
    files: dict[str, str] = {}
    for standard in corpus.standards:
        if standard.slug not in touched:
            continue
        for version in standard.versions:
            document = version_document(corpus, standard, version)
            files[f"json/{standard.slug}/{version.name}.json"] = dump(document)
            old = standard.version(version.supersedes) if version.supersedes else None
            if old is not None:
                changes = changeset_document(compare(corpus, old, version), old, version)
                files[f"diff/{standard.slug}/{old.name}..{version.name}.json"] = dump(changes)
    for standard, version, found in reports(corpus):
        if found.comments and standard.slug in touched:
            document = report_document(build_report(standard, version, found))
            files[f"json/{report_path(standard.slug, version.name)}"] = dump(document)
    return files


@pytest.mark.parametrize("case", valid_case_names())
def test_outputs_match_goldens_and_schemas(
    case: str, corpora: dict[str, Corpus], update_goldens: bool
) -> None:
    expected = PROJECTS / case / "expected"
    files = _outputs(case, corpora[case])
    if update_goldens:
        for name, text in files.items():
            (expected / name).parent.mkdir(parents=True, exist_ok=True)
            (expected / name).write_text(text, encoding="utf-8")
    on_disk = {
        p.relative_to(expected).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(expected.rglob("*.json"))
    }
    assert files == on_disk
    criteria, changesets = _validator(schema_text()), _validator(changeset_schema_text())
    consultation = _validator(consultation_schema_text())
    for name, text in files.items():
        if name.endswith("/consultation.json"):
            consultation.validate(json.loads(text))
        else:
            (criteria if name.startswith("json/") else changesets).validate(json.loads(text))
    _validator(schema_text("index.schema.json")).validate(index_document(corpora[case]))


# Display numbers as authored ---------------------------------------------------------------


def test_numbers_as_authored(corpora: dict[str, Corpus]) -> None:
    corpus = corpora["ok--numbers"]
    controls = _version(corpus, "controls", "rev5")
    numbers = {c.id: (c.number, c.title) for c in controls.criteria()}
    assert numbers["ac-2-1"] == ("AC-2(1)", "Automated account management")
    assert numbers["ac-2-13"] == ("AC-2(13)", "")
    assert numbers["ac-10"] == ("AC-10", "Concurrent session control")
    assert [(s.number, s.title) for s in controls.sections] == [
        ("AC", "Access Control"),
        ("AU", ""),
    ]
    baseline = _version(corpus, "baseline", "2025-02-25")
    assert [c.number for c in baseline.criteria()] == [
        "OSPS-AC-01.01",
        "OSPS-AC-01.02",
        "V1.2.3",
        "C.1",
        "UX01",
    ]
    assert [s.number for s in baseline.sections] == ["", "V1", "", ""]


def test_parts_and_references_of_alphanumeric_numbers(corpora: dict[str, Corpus]) -> None:
    controls = _version(corpora["ok--numbers"], "controls", "rev5")
    enhancement = controls.criterion("ac-2-1")
    assert enhancement is not None
    assert [p.number for p in enhancement.parts] == ["AC-2(1).a", "AC-2(1).b"]
    assert "as AC-2.b requires" in enhancement.body.plain
    assert 'href="#ac-2.b"' in enhancement.body.html
    untitled = controls.criterion("ac-2-13")
    assert untitled is not None and "the tools of AC-2(1).a." in untitled.body.plain


def test_number_only_headings_everywhere(corpora: dict[str, Corpus]) -> None:
    corpus = corpora["ok--numbers"]
    standard = corpus.standard("demo")
    assert standard is not None
    document = version_document(corpus, standard, _version(corpus, "demo", "v2"))
    untitled = next(c for c in document["criteria"] if c["id"] == "untitled-requirement")
    assert (untitled["number"], untitled["title"]) == ("2.1", "")
    assert untitled["section_path"][-1] == {"key": "2", "number": "2", "title": ""}
    entry = next(e for e in corpus.guidance if e.name == "v2-2023").entry("untitled-requirement")
    assert entry is not None and entry.title == ""
    criterion = _version(corpus, "demo", "v2").criterion("untitled-requirement")
    assert criterion is not None and criterion.label == "2.1"


# Withdrawn criteria ------------------------------------------------------------------------


def test_withdrawn_criteria_keep_their_numbers(corpora: dict[str, Corpus]) -> None:
    corpus = corpora["ok--withdrawn"]
    rev5 = _version(corpus, "controls", "rev5")
    withdrawn = [c for c in rev5.criteria() if c.is_withdrawn]
    assert [(c.number, [t.key for t in c.withdrawn_to]) for c in withdrawn] == [
        ("AC-2(10)", ["ac-2.c"]),
        ("AC-13", ["ac-2", "au-6"]),
        ("AC-15", ["ac-11-1"]),
        ("AC-16", []),
    ]
    texts = {c.id: c.withdrawal_note.plain for c in withdrawn}
    assert texts == {
        "ac-2-10": "Withdrawn — incorporated into AC-2.c.",
        "ac-13": "Withdrawn — incorporated into AC-2, AU-6.",
        "ac-15": "Withdrawn — moved to AC-11(1).",
        "ac-16": "Withdrawn. Addressed through tailoring.",
    }
    assert len(list(rev5.active_criteria())) == len(list(rev5.criteria())) - 4


def test_withdrawn_criteria_in_json(corpora: dict[str, Corpus]) -> None:
    corpus = corpora["ok--withdrawn"]
    standard = corpus.standard("controls")
    assert standard is not None
    document = version_document(corpus, standard, _version(corpus, "controls", "rev5"))
    by_id = {c["id"]: c for c in document["criteria"]}
    assert by_id["ac-13"]["status"] == "withdrawn"
    assert [t["id"] for t in by_id["ac-13"]["withdrawn_to"]] == ["ac-2", "au-6"]
    assert by_id["ac-15"]["withdrawn_as"] == "moved"
    assert by_id["ac-16"]["withdrawn_reason"] == "Addressed through tailoring."
    assert by_id["ac-1"]["status"] == "active" and by_id["ac-1"]["withdrawn_as"] is None
    index = index_document(corpus)
    rev5 = next(
        v
        for s in index["standards"]
        if s["slug"] == "controls"
        for v in s["versions"]
        if v["name"] == "rev5"
    )
    assert (rev5["criteria"], rev5["withdrawn"]) == (5, 4)


def test_diff_reports_withdrawn_with_targets(corpora: dict[str, Corpus]) -> None:
    corpus = corpora["ok--withdrawn"]
    rev4, rev5 = _version(corpus, "controls", "rev4"), _version(corpus, "controls", "rev5")
    changes = compare(corpus, rev4, rev5)
    withdrawn = [c for c in changes.changes if ChangeKind.WITHDRAWN in c.kinds]
    assert [(c.key, c.kinds) for c in withdrawn] == [
        ("ac-13", (ChangeKind.WITHDRAWN,)),
        ("ac-15", (ChangeKind.WITHDRAWN,)),
        ("ac-16", (ChangeKind.WITHDRAWN,)),
    ]
    assert [rev5.target_label(t) for t in withdrawn[0].withdrawn_to] == ["AC-2", "AU-6"]
    unchanged = next(c for c in changes.changes if c.key == "ac-2-10")
    assert unchanged.kinds == (ChangeKind.UNCHANGED,)
    document = changeset_document(changes, rev4, rev5)
    assert document["counts"]["withdrawn"] == 3
    entry = next(c for c in document["changes"] if c["new"] and c["new"][0]["id"] == "ac-15")
    assert entry["withdrawn_to"] == [{"id": "ac-11-1", "part": None, "number": "AC-11(1)"}]
    assert entry["new"][0]["status"] == "withdrawn"


def test_changes_yml_checks_withdrawn_targets(tmp_path: Path) -> None:
    project = materialise("ok--withdrawn", tmp_path / "p")
    changes = project / "standards/controls/rev5/changes.yml"
    text = changes.read_text(encoding="utf-8")
    changes.write_text(text.replace("withdrawn_to: [ac-2, au-6]", "withdrawn_to: [ac-2]"))
    messages = [d.message for d in check_project(project).diagnostics]
    assert messages == ["rev4 → rev5: ac-13: intended withdrawn to ac-2, found ac-2, au-6"]


# Versions ordered by lineage ---------------------------------------------------------------


def test_versions_and_editions_follow_lineage_not_names(corpora: dict[str, Corpus]) -> None:
    corpus = corpora["ok--version-lineage"]
    standard = corpus.standard("policy")
    assert standard is not None
    assert [v.name for v in standard.versions] == ["Q4-2025", "July-2026"]
    assert standard.latest_published is not None
    assert standard.latest_published.name == "July-2026"
    assert _version(corpus, "policy", "Q4-2025").superseded_by == "July-2026"
    editions = [g.name for g in corpus.guidance if g.standard == "policy"]
    assert editions == ["winter", "autumn", "2027-reissue"]
    latest = corpus.guidance_for(_version(corpus, "policy", "July-2026"))
    assert latest is not None and latest.name == "2027-reissue"


# Text after the criteria -------------------------------------------------------------------


def test_text_after_an_end_marker_belongs_to_the_section(corpora: dict[str, Corpus]) -> None:
    corpus = corpora["ok--section-notes"]
    v2 = _version(corpus, "demo", "v2")
    disclosure = next(s for s in v2.all_sections() if s.number == "2")
    assert [c.id for c in disclosure.criteria] == ["annual-report", "record-keeping"]
    assert [n.after for n in disclosure.notes] == ["annual-report", "record-keeping"]
    assert disclosure.notes[0].text.plain.startswith("The annual report may be combined")
    assert "<strong>References</strong>" in disclosure.notes[1].text.html
    assert [c.title for c in disclosure.children] == ["Further reading"]
    record = v2.criterion("record-keeping")
    assert record is not None
    assert "Records let an auditor check the report" in record.body.plain
    assert "retention schedule" not in record.body.markdown
    assert record.body.markdown.endswith("as [[annual-report]] expects.")
    annual = v2.criterion("annual-report")
    assert annual is not None and "combined" not in annual.body.plain
    edition = next(g for g in corpus.guidance if g.name == "v2-2023")
    notes = [n for s in edition.all_sections() for n in s.notes]
    assert [(n.after, n.text.plain) for n in notes] == [
        ("record-keeping", "Both criteria of this principle are new in V2.")
    ]
    entry = edition.entry("record-keeping")
    assert entry is not None and "new in V2" not in entry.intro.plain
