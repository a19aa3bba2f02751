"""Assurance checklists: opened with openpyxl as an auditor's spreadsheet would be, text that
never becomes a formula, deterministic bytes, and a filled checklist read back."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import jsonschema
from click.testing import CliRunner
from openpyxl import load_workbook

from normkit.checklists.layout import FINDINGS
from normkit.checklists.reader import read_checklist
from normkit.checklists.summary import summary_document
from normkit.cli import main
from normkit.model.corpus import Corpus
from normkit.outputs.checklists.writer import summary_schema_text, write_checklists
from tests.exchange.conftest import exchange_project


def _expected_rows(corpus: Corpus, standard: str, version: str) -> list[tuple[str, str]]:
    found = corpus.version(standard, version)
    assert found is not None
    rows = []
    for criterion in found.active_criteria():
        rows.append((criterion.number, criterion.id))
        rows.extend((p.number, f"{criterion.id}.{p.label}") for p in criterion.parts)
    return rows


def test_a_checklist_per_version_with_a_row_per_criterion_and_part(
    demo_out: Path, demo_corpus: Corpus
) -> None:
    for version in demo_corpus.versions():
        path = demo_out / "checklists" / f"{version.standard}-{version.name}.xlsx"
        book = load_workbook(path)
        about = book["About"]
        facts = {row[0].value: row[1].value for row in about.iter_rows(min_row=3) if row[0].value}
        assert (facts["Standard"], facts["Version"]) == (version.standard, version.name)
        # Excel's sheet names are at most 31 characters.
        sections = [
            s.label[:31].rstrip() for s in version.sections if any(True for _ in s.walk_criteria())
        ]
        assert book.sheetnames == ["About", *sections]
        rows: list[tuple[str, str]] = []
        for sheet in book.worksheets[1:]:
            headers = [cell.value for cell in sheet[1]]
            assert headers[:4] == ["Number", "ID", "Title", "Requirement"]
            assert headers[-3:] == ["Finding", "Evidence", "Notes"]
            assert sheet.freeze_panes == "C2"
            assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}" + (
                f"{sheet.max_row}"
            )
            (validation,) = sheet.data_validations.dataValidation
            assert validation.formula1 == '"' + ",".join(FINDINGS) + '"'
            finding = sheet.cell(1, headers.index("Finding") + 1).column_letter
            assert str(validation.sqref) == f"{finding}2:{finding}{sheet.max_row}"
            rows.extend((r[0] or "", r[1]) for r in sheet.iter_rows(min_row=2, values_only=True))
        assert rows == _expected_rows(demo_corpus, version.standard, version.name)
        with (path.with_suffix(".csv")).open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
        assert [(r[0], r[1]) for r in table[1:]] == rows


def test_columns_carry_applicability_fields_and_evidence(demo_out: Path) -> None:
    book = load_workbook(demo_out / "checklists" / "performance-v3.xlsx")
    sheet = book["Environment"]
    headers = [cell.value for cell in sheet[1]]
    rows = {r[1]: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    tailings = rows["tailings-management"]
    assert tailings["Applies: Mining"] == "yes" and tailings["Applies: Smelting"] == "no"
    assert tailings["Criticality"] == "critical"
    assert tailings["Public disclosure required"] == "yes"
    assert tailings["Section"] == "Environment › 6 Emissions, effluents and waste"
    accounting = rows["ghg-accounting"]
    assert accounting["Expected evidence"].split("\n")[0] == (
        "The inventory and its methodology document."
    )
    part = rows["ghg-accounting.b"]
    assert part["Number"] == "5.1.b"
    assert part["Requirement"].startswith("Scope 1 Emissions and Scope 2 Emissions")


def test_author_text_never_becomes_a_formula(exchange_corpus: Corpus, tmp_path: Path) -> None:
    write_checklists(exchange_corpus, tmp_path)
    path = tmp_path / "demo-v2.xlsx"
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all(b"<f>" not in archive.read(name) for name in sheets)
    book = load_workbook(path)
    sheet = book["Operations"]
    values = {
        cell.value: cell
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str)
    }
    for text in (
        '=HYPERLINK("https://evil.example/","Click")',
        "=1+2 people at all times;",
        "-3 missed calls a day at most.",
        "@SUM(1+1)",
    ):
        cell = values[text]
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert any(v.startswith("+44 20 7946 0000") for v in values)
    assert "=cmd|' /C calc'!A0\nThe hotline rota." in values
    table = (tmp_path / "demo-v2.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in table and ",'@SUM(1+1)," in table
    assert "\n=" not in table and ",=" not in table and ',"=' not in table


def test_checklists_are_byte_identical_from_the_same_sources(
    exchange_corpus: Corpus, tmp_path: Path
) -> None:
    write_checklists(exchange_corpus, tmp_path / "a")
    write_checklists(exchange_corpus, tmp_path / "b")
    for path in sorted((tmp_path / "a").rglob("*.*")):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def _fill(path: Path, findings: dict[str, tuple[str, str]]) -> None:
    """Record findings (id → (finding, evidence)) in a checklist, as an auditor would."""
    book = load_workbook(path)
    for sheet in book.worksheets[1:]:
        headers = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            key = row[headers.index("ID")].value
            if key in findings:
                row[headers.index("Finding")].value = findings[key][0]
                row[headers.index("Evidence")].value = findings[key][1]
    book.save(path)


def test_a_filled_checklist_is_summarised(
    demo_corpus: Corpus, demo_out: Path, tmp_path: Path
) -> None:
    path = tmp_path / "performance-v3.xlsx"
    shutil.copyfile(demo_out / "checklists" / path.name, path)
    _fill(
        path,
        {
            "ghg-accounting": ("conforms", "Inventory 2024"),
            "ghg-disclosure.a": ("conforms", ""),
            "ghg-disclosure.b": ("minor", "Intensity method missing"),
            "ghg-targets": ("not applicable", ""),
            "tailings-management": ("major", "No independent review since 2019"),
        },
    )
    read = read_checklist(path, demo_corpus, shown_as=path.name)
    assert read.diagnostics == []
    document = summary_document(read, path.name)
    jsonschema.Draft202012Validator(json.loads(summary_schema_text())).validate(document)
    criteria = {c["id"]: c for c in document["criteria"]}
    assert criteria["ghg-accounting"]["overall"] == "conforms"
    assert criteria["ghg-disclosure"]["overall"] == "minor"
    assert criteria["ghg-targets"]["overall"] == "not applicable"
    assert criteria["tailings-management"]["overall"] == "major"
    assert criteria["energy-management"]["overall"] is None
    assert criteria["ghg-disclosure"]["parts"][1] == {
        "id": "ghg-disclosure.b",
        "number": "5.2.b",
        "finding": "minor",
        "evidence": "Intensity method missing",
        "notes": "",
        "location": f"{path.name}[Environment]:9",
    }
    assert document["totals"]["major"] == 1 and document["totals"]["minor"] == 1
    version = demo_corpus.version("performance", "v3")
    assert version is not None
    assert sum(document["totals"].values()) == sum(1 for _ in version.active_criteria())
    climate = next(s for s in document["sections"] if s["title"] == "Climate change")
    assert climate["path"] == ["environment", climate["key"]]
    assert climate["counts"]["conforms"] == 1 and climate["counts"]["minor"] == 1


def test_faulty_rows_give_located_errors(
    demo_corpus: Corpus, demo_out: Path, tmp_path: Path
) -> None:
    path = tmp_path / "performance-v3.xlsx"
    shutil.copyfile(demo_out / "checklists" / path.name, path)
    book = load_workbook(path)
    sheet = book["Governance"]
    sheet["B2"] = "legal-compliants"
    sheet["A3"] = "9.9.z"
    sheet["Q4"] = "conform"
    sheet["B5"] = sheet["B6"].value
    book.save(path)
    read = read_checklist(path, demo_corpus, shown_as="v3.xlsx")
    assert [d.format().split("\n")[0] for d in read.diagnostics] == [
        "v3.xlsx[Governance]:2:B: error: 'legal-compliants' is no criterion or part of "
        "performance@v3 [checklist.unknown-criterion]",
        "v3.xlsx[Governance]:3:A: error: 'legal-compliance.a' is 1.1.a in performance@v3, "
        "not '9.9.z' [checklist.number-mismatch]",
        "v3.xlsx[Governance]:4:Q: error: 'conform' is not a finding [checklist.finding-invalid]",
        "v3.xlsx[Governance]:5:A: error: 'anti-corruption' is 1.2 in performance@v3, "
        "not '1.1.c' [checklist.number-mismatch]",
        "v3.xlsx[Governance]:6:B: error: 'anti-corruption' has a row already, at "
        "v3.xlsx[Governance]:5:A [checklist.duplicate]",
    ]


def test_the_command_prints_the_summary_or_the_errors(
    exchange_corpus: Corpus, tmp_path: Path
) -> None:
    project = exchange_project(tmp_path / "project")
    write_checklists(exchange_corpus, tmp_path / "out")
    filled = tmp_path / "demo-v2.csv"
    rows = list(csv.reader((tmp_path / "out" / filled.name).open(encoding="utf-8-sig")))
    finding = rows[0].index("Finding")
    for row in rows[1:]:
        row[finding] = "conforms"
    with filled.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    runner = CliRunner()
    result = runner.invoke(main, ["checklist", "read", str(filled), "--project", str(project)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    version = exchange_corpus.version("demo", "v2")
    assert version is not None
    assert document["version"] == "v2"
    assert document["totals"]["conforms"] == sum(1 for _ in version.active_criteria())
    hotline = next(c for c in document["criteria"] if c["id"] == "hotline")
    assert hotline["row"]["location"].endswith(".csv:" + str(_line_of(rows, "hotline")))
    rows[1][finding] = "perfect"
    with filled.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = runner.invoke(main, ["checklist", "read", str(filled), "--project", str(project)])
    assert result.exit_code == 1
    assert f"{filled}:2:" in result.stderr and "[checklist.finding-invalid]" in result.stderr
    assert result.stdout == ""


def _line_of(rows: list[list[str]], key: str) -> int:
    return next(i for i, row in enumerate(rows, start=1) if row[1] == key)
