"""Every case of the catalogue of bad input: located, coded, the root cause first, no cascade,
no traceback, through `check_project`, the `normkit` command in-process, and (for one case
of each kind) the installed command, `check` and `build`."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit.cli import main
from normkit.pipeline import check_project
from tests.trust.catalogue import BAD, FINE, Case
from tests.trust.changes import Change, Write
from tests.trust.fuzzing import materialise, problems_in

DIAGNOSTIC = re.compile(r"^[^\s:][^:]*:\d+:\d+: (error|warning): \S.* \[[a-z0-9.-]+\]$")
HINT = re.compile(r"^    hint: \S.*$")
SUMMARY = re.compile(r"^(\d+) error\(s\), (\d+) warning\(s\)$")


def project_for(case: Case, folder: Path) -> Path:
    project = materialise(folder / "project")
    for change in case.changes:
        change.apply(project)
    return project


def test_the_catalogue_covers_enough() -> None:
    assert len(BAD) >= 150
    names = Counter(str(case) for case in (*BAD, *FINE))
    assert [name for name, count in names.items() if count > 1] == []
    codes = {case.first.split()[0] for case in BAD}
    assert len(codes) >= 45, sorted(codes)


@pytest.mark.parametrize("case", BAD, ids=str)
def test_bad_input_is_one_located_coded_root_cause(case: Case, tmp_path: Path) -> None:
    project = project_for(case, tmp_path)
    result = check_project(project)
    shown = "\n".join(d.format() for d in result.diagnostics)
    assert problems_in(project, result.diagnostics) == [], shown
    first = result.diagnostics[0] if result.diagnostics else None
    assert first is not None, "no diagnostic at all"
    assert f"{first.code.code} {first.location}" == case.first, shown
    assert (len(result.errors), len(result.warnings)) == (case.errors, case.warnings), shown
    printed = CliRunner().invoke(main, ["check", "--project", str(project)])
    assert printed.exit_code == case.exit_code, printed.stderr
    lines = printed.stderr.splitlines()
    assert lines == [*shown.splitlines(), f"{case.errors} error(s), {case.warnings} warning(s)"]


@pytest.mark.parametrize("case", FINE, ids=str)
def test_odd_but_valid_input_gives_nothing(case: Case, tmp_path: Path) -> None:
    project = project_for(case, tmp_path)
    result = check_project(project)
    assert [d.format() for d in result.diagnostics] == []


REAL_COMMAND = [
    "impossible date: published 2025-02-30",
    "tag !!python/object",
    "duplicate key in a criterion block",
    "alias bomb in a criterion block",
    "NUL byte in Markdown text",
    "changes.yml: old holds a mapping",
    "standard.yml does not parse",
    "version.yml missing",
    "applies_to names an unknown code",
    "chapter linked to /etc/passwd",
    "link out of the project",
    "chapter name not UTF-8",
    "file name with a line break",
    "script in criterion text",
    "url field: javascript:",
    "numbering pattern with catastrophic backtracking",
    "HTML comment left open",
    "version names that do not sort",
]
"""One case of each kind, run as a user runs them: the installed command in a new process."""


@pytest.mark.parametrize("name", REAL_COMMAND)
def test_the_command_exits_0_or_1_and_prints_only_diagnostics(name: str, tmp_path: Path) -> None:
    case = next(c for c in (*BAD, *FINE) if c.name == name)
    project = project_for(case, tmp_path)
    out = tmp_path / "out"
    for command in (["check"], ["build", "--only", "json", "--quiet", "--out", str(out)]):
        ran = subprocess.run(
            [sys.executable, "-m", "normkit", *command, "--project", str(project)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert ran.returncode == case.exit_code, ran.stderr
        assert "Traceback" not in ran.stderr
        lines = ran.stderr.splitlines()
        expected_tail = (
            ["build failed: no output was written"] if command[0] == "build" and case.errors else []
        )
        body = lines[: len(lines) - len(expected_tail)]
        assert lines[len(body) :] == expected_tail, ran.stderr
        summary = [line for line in body if SUMMARY.match(line)]
        quiet = command[0] == "build" and not case.errors + case.warnings  # --quiet: silent
        assert summary == ([] if quiet else [f"{case.errors} error(s), {case.warnings} warning(s)"])
        rest = [line for line in body if not SUMMARY.match(line)]
        if command[0] == "build" and not case.errors:
            rest = [line for line in rest if not line.startswith("built ")]
        assert all(DIAGNOSTIC.match(line) or HINT.match(line) for line in rest), ran.stderr
        assert len([line for line in rest if DIAGNOSTIC.match(line)]) == (
            case.errors + case.warnings
        )
        if case.first:
            assert rest[0].startswith(case.first.split()[1] + ":"), ran.stderr
    assert (out / "json" / "index.json").is_file() == (case.exit_code == 0)


ENVIRONMENT_FAILURES: list[tuple[str, list[Change], list[str]]] = [
    ("a mkdocs.yml that does not parse", [Write("mkdocs.yml", "site_name: [x\n")], ["check"]),
    ("a mkdocs.yml that is a list", [Write("mkdocs.yml", "- site_name\n")], ["check"]),
    ("an output folder under a file", [Write("out", "")], ["build", "--out", "{project}/out/x"]),
]
"""Not the sources but the environment: exit 2, one `error:` line and one `hint:` line."""


@pytest.mark.parametrize(
    ("name", "changes", "command"), ENVIRONMENT_FAILURES, ids=[e[0] for e in ENVIRONMENT_FAILURES]
)
def test_an_environment_failure_exits_2_in_two_lines(
    name: str, changes: list[Change], command: list[str], tmp_path: Path
) -> None:
    project = materialise(tmp_path / "project")
    for change in changes:
        change.apply(project)
    arguments = [part.replace("{project}", str(project)) for part in command]
    quiet = "-q" if "build" in arguments else "--strict"
    ran = subprocess.run(
        [sys.executable, "-m", "normkit", *arguments, quiet, "--project", str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 2, ran.stderr
    lines = ran.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("error: "), ran.stderr
    assert HINT.match(lines[1]) and "internal error" not in lines[0], ran.stderr
