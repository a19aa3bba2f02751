"""Every diagnostic code, triggered by a mini-project and compared with its golden output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit.cli import main
from normkit.diagnostics import Code
from normkit.pipeline import check_project
from tests.spine.miniprojects import (
    PROJECTS,
    apply_arguments,
    checklist_arguments,
    import_arguments,
    materialise,
    problem_case_names,
    valid_case_names,
)


def render(project: Path, case: str | None = None) -> str:
    arguments = import_arguments(case) if case else None
    if arguments is not None:
        return run_import(project, arguments)
    arguments = apply_arguments(case) if case else None
    if arguments is not None:
        return run_in_project(project, ["apply-replaces", *arguments], "apply-replaces failed")
    arguments = checklist_arguments(case) if case else None
    if arguments is not None:
        return run_in_project(project, ["checklist", "read", *arguments], "checklist read failed")
    result = check_project(project)
    return "".join(d.format() + "\n" for d in result.diagnostics)


def run_import(project: Path, arguments: list[str]) -> str:
    return run_in_project(project, ["import", *arguments], "import failed")


def run_in_project(project: Path, arguments: list[str], summary: str) -> str:
    """A `normkit` command in `project` (from inside it, so that files are named as given)
    that must fail: its diagnostics, and that it wrote or changed nothing."""
    runner = CliRunner()
    before = sorted((p, p.read_bytes() if p.is_file() else b"") for p in project.rglob("*"))
    here = Path.cwd()
    os.chdir(project)
    try:
        result = runner.invoke(main, arguments)
    finally:
        os.chdir(here)
    assert result.exit_code == 1, result.output
    after = sorted((p, p.read_bytes() if p.is_file() else b"") for p in project.rglob("*"))
    assert after == before, f"a failed `normkit {arguments[0]}` wrote files"
    return "".join(
        line + "\n" for line in result.stderr.splitlines() if not line.startswith(summary)
    )


def test_base_project_is_clean(tmp_path: Path) -> None:
    assert render(materialise(None, tmp_path / "p")) == ""


@pytest.mark.parametrize("case", valid_case_names())
def test_valid_case_is_clean(case: str, tmp_path: Path) -> None:
    """`ok--` cases show a feature working: not a single diagnostic."""
    assert not (PROJECTS / case / "diagnostics.txt").exists()
    assert render(materialise(case, tmp_path / "p")) == ""


@pytest.mark.parametrize("case", problem_case_names())
def test_case_diagnostics(case: str, tmp_path: Path, update_goldens: bool) -> None:
    output = render(materialise(case, tmp_path / "p"), case)
    golden = PROJECTS / case / "diagnostics.txt"
    if update_goldens:
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
    assert output, "a case must trigger at least one diagnostic"


def test_every_code_has_a_case() -> None:
    seen = {
        line.rsplit("[", 1)[-1].rstrip("]")
        for case in problem_case_names()
        for line in (PROJECTS / case / "diagnostics.txt").read_text(encoding="utf-8").splitlines()
        if line.endswith("]")
    }
    missing = sorted(code.code for code in Code if code.code not in seen)
    assert not missing, f"codes without a mini-project case: {missing}"


@pytest.mark.parametrize("case", problem_case_names())
def test_case_is_named_after_a_code_it_triggers(case: str) -> None:
    """Cases are named `<code with dots as double underscores>[--variant]`."""
    code = case.split("--")[0].replace("__", ".")
    text = (PROJECTS / case / "diagnostics.txt").read_text(encoding="utf-8")
    assert f"[{code}]" in text


CORRECT_CHANGES = """from: v1
criteria:
  - kinds: [text-changed, metadata-changed]
    old: [legal-compliance]
    new: [legal-compliance]
    fields: [evidence]
  - kinds: [renamed, text-changed, metadata-changed]
    old: [ghg-plan]
    new: [ghg-targets]
    fields: [applies_to, review_years, next_review, note]
"""


def test_exact_changes_list_gives_no_diagnostic(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    (project / "standards/demo/v2/changes.yml").write_text(CORRECT_CHANGES, encoding="utf-8")
    assert render(project) == ""
