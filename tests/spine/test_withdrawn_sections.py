"""`withdrawn_to` naming a section (`section:<key>`): a requirement withdrawn because it moved
into a section's text. The model keeps the section, the note links it in every output, the
JSON gives it, the diff and `changes.yml` know it; a key that is no section is an error
(`tests/projects/withdrawn__target-unknown--section`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import html5lib
from docx import Document

from normkit.model.standard import Version
from normkit.outputs.json.serialise import version_document
from normkit.pipeline import check_project
from normkit.revisions.comparison import compare
from tests.conftest import BuiltCase
from tests.spine.miniprojects import materialise

CASE = "ok--withdrawn-to-section"
NOTE = (
    "Withdrawn — moved to 1.1.b, 1 Integrity. "
    "The targets are now part of the principle's introduction."
)


def _v2(project: Path) -> tuple[object, Version]:
    result = check_project(project)
    assert not result.diagnostics, [d.format() for d in result.diagnostics]
    version = result.corpus.version("demo", "v2")
    assert version is not None
    return result.corpus, version


def test_the_model_keeps_criteria_and_sections_apart(tmp_path: Path) -> None:
    _, v2 = _v2(materialise(CASE, tmp_path / "p"))
    withdrawn = v2.criterion("ghg-targets")
    assert withdrawn is not None and withdrawn.is_withdrawn
    assert [t.key for t in withdrawn.withdrawn_to] == ["legal-compliance.b"]
    assert [s.key for s in withdrawn.withdrawn_to_sections] == ["1-integrity"]
    assert withdrawn.withdrawal_note.plain == NOTE


def test_the_json_names_the_section(tmp_path: Path) -> None:
    corpus, v2 = _v2(materialise(CASE, tmp_path / "p"))
    standard = corpus.standard("demo")  # type: ignore[attr-defined]
    document = version_document(corpus, standard, v2)  # type: ignore[arg-type]
    entry = next(c for c in document["criteria"] if c["id"] == "ghg-targets")
    assert entry["withdrawn_to_sections"] == [
        {"key": "1-integrity", "number": "1", "title": "Integrity"}
    ]
    assert [t["id"] for t in entry["withdrawn_to"]] == ["legal-compliance"]


def test_a_changed_section_target_is_a_field_change(tmp_path: Path) -> None:
    """Withdrawn to a section in V2, to another section in V3: the diff says so."""
    project = materialise(CASE, tmp_path / "p")
    v2 = project / "standards/demo/v2"
    v3 = project / "standards/demo/v3"
    v3.mkdir()
    chapter = (v2 / "01-governance.md").read_text(encoding="utf-8")
    (v3 / "01-governance.md").write_text(
        chapter.replace(
            "[section:1-integrity, legal-compliance.b]", "[section:governance]"
        ).replace("replaces: [ghg-plan]\n", ""),
        encoding="utf-8",
    )
    (v3 / "version.yml").write_text(
        "version: v3\ntitle: Demo Standard V3\nstatus: draft\nsupersedes: v2\n",
        encoding="utf-8",
    )
    result = check_project(project)
    assert not [d for d in result.diagnostics if d.severity == "error"], [
        d.format() for d in result.diagnostics
    ]
    old, new = result.corpus.version("demo", "v2"), result.corpus.version("demo", "v3")
    assert old is not None and new is not None
    change = next(c for c in compare(result.corpus, old, new).changes if c.key == "ghg-targets")
    (field,) = [f for f in change.fields if f.name == "withdrawn_to"]
    assert (field.old, field.new) == (("legal-compliance.b", "section:1-integrity"),
                                      ("section:governance",))  # fmt: skip


def test_changes_yml_states_section_targets(tmp_path: Path) -> None:
    project = materialise(CASE, tmp_path / "p")
    changes = project / "standards/demo/v2/changes.yml"
    entry = (
        "from: v1\ncriteria:\n  - {{kinds: [withdrawn], old: [ghg-plan], new: [ghg-targets], "
        "withdrawn_to: [{}]}}\n"
    )
    changes.write_text(entry.format("legal-compliance.b, section:1-integrity"), encoding="utf-8")
    said_right = [d.message for d in check_project(project).diagnostics if "withdrawn" in d.message]
    changes.write_text(entry.format("legal-compliance.b"), encoding="utf-8")
    said_wrong = [d.message for d in check_project(project).diagnostics if "withdrawn" in d.message]
    assert said_right == []
    assert said_wrong == [
        "v1 → v2: ghg-plan → ghg-targets: intended withdrawn to legal-compliance.b, found "
        "legal-compliance.b, section:1-integrity"
    ]


def test_the_site_pdf_and_docx_link_the_section(built_case: BuiltCase) -> None:
    _, out = built_case(CASE)
    page = out / "site/demo/v2/1-integrity/index.html"  # principle 1's page holds 1.2
    tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    (note,) = [p for p in tree.iter("p") if "nk-withdrawn-note" in (p.get("class") or "")]
    assert " ".join("".join(note.itertext()).split()) == NOTE
    (link,) = [a for a in note.iter("a") if "".join(a.itertext()) == "1 Integrity"]
    # The section is on this very page: the link is to its heading.
    assert link.get("href") == "./#1-integrity"
    assert tree.find(".//*[@id='1-integrity']") is not None
    pdf = subprocess.run(
        ["pdftotext", "-layout", str(out / "pdf/demo-v2.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "moved to 1.1.b, 1 Integrity." in " ".join(pdf.split())
    docx = " ".join(p.text for p in Document(str(out / "docx/demo-v2.docx")).paragraphs)
    assert "moved to 1.1.b, 1 Integrity." in " ".join(docx.split())
