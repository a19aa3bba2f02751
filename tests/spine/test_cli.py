"""The `normkit` command as CI and authors use it: exit codes, formats, untouched builds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit.cli import main
from tests.spine.miniprojects import materialise

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normkit", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture()
def demo_copy(tmp_path: Path) -> Path:
    """The demo sources in a temporary folder, to plant errors in."""
    for name in ("standards", "guidance", "glossary"):
        shutil.copytree(REPO / name, tmp_path / name)
    return tmp_path


def test_check_on_the_demo_exits_zero() -> None:
    result = run("check", "--project", str(REPO))
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stderr


def _plant(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PLANTS = {
    "criterion.id-duplicate": (
        "### 5.4 ",
        "### 5.3.1 Targets again\n\n```criterion\nid: ghg-targets\n```\n\n"
        "The Entity shall set targets.\n\n### 5.4 ",
    ),
    "applicability.unknown": (
        "id: ghg-targets\napplies_to: [all]",
        "id: ghg-targets\napplies_to: [smeltnig]",
    ),
    "reference.unresolved": ("The Entity shall", "See [[no-such-criterion]]. The Entity shall"),
    "yaml.malformed": ("id: ghg-targets\n", "id: ghg-targets\napplies_to: [all\n"),
}


@pytest.mark.parametrize("code", sorted(PLANTS))
def test_planted_error_gives_one_located_diagnostic_and_leaves_build_untouched(
    code: str, demo_copy: Path
) -> None:
    chapter = demo_copy / "standards" / "performance" / "v3" / "02-environment.md"
    old, new = PLANTS[code]
    if code == "yaml.malformed":
        text = chapter.read_text(encoding="utf-8")
        block_end = text.index("```", text.index("id: ghg-targets"))
        text = text[: text.index("id: ghg-targets")] + new + text[block_end:]
        chapter.write_text(text, encoding="utf-8")
    else:
        _plant(chapter, old, new)
    out = demo_copy / "build"
    (out / "json").mkdir(parents=True)
    marker = out / "json" / "previous.json"
    marker.write_text("{}", encoding="utf-8")

    result = run("build", "--only", "json", "--project", str(demo_copy), "--format", "json")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    found = [d for d in json.loads(result.stdout) if d["severity"] == "error"]
    assert [d["code"] for d in found] == [code]
    assert found[0]["path"] == "standards/performance/v3/02-environment.md"
    assert found[0]["line"] > 0 and found[0]["column"] > 0
    assert sorted(p.name for p in (out / "json").iterdir()) == ["previous.json"]
    assert marker.read_text(encoding="utf-8") == "{}"


def test_text_format_is_path_line_col(tmp_path: Path) -> None:
    project = materialise("applicability__unknown", tmp_path / "p")
    result = CliRunner().invoke(main, ["check", "--project", str(project)])
    assert result.exit_code == 1
    assert (
        "standards/demo/v2/01-governance.md:27:24: error: unknown applicability code 'minning'"
        " [applicability.unknown]\n    hint: did you mean 'mining'?" in result.stderr
    )


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    project = materialise("number__order", tmp_path / "p")
    assert CliRunner().invoke(main, ["check", "--project", str(project)]).exit_code == 0
    strict = CliRunner().invoke(main, ["check", "--strict", "--project", str(project)])
    assert strict.exit_code == 1


def test_build_writes_json_and_swaps_it_in(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    stale = project / "build" / "json" / "stale.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--only", "json", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert (project / "build" / "json" / "demo" / "v2.json").is_file()
    assert not stale.exists()
    assert not [p for p in (project / "build").iterdir() if p.name.startswith(".json")]


def test_usage_and_environment_problems_exit_two(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["check", "--project", str(tmp_path)]).exit_code == 2
    project = materialise(None, tmp_path / "p")
    bad = CliRunner().invoke(main, ["build", "--only", "nonsense", "--project", str(project)])
    assert bad.exit_code == 2


def test_codes_page_is_generated_from_the_enum() -> None:
    result = CliRunner().invoke(main, ["codes"])
    assert result.output == (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")


def test_version_is_the_installed_distributions() -> None:
    """`--version` prints `normkit.__version__` (importing `importlib.metadata` to look it up
    costs more than the rest of the command): it must be what the package was installed as."""
    from importlib.metadata import version

    result = CliRunner().invoke(main, ["--version"], prog_name="normkit")
    assert result.exit_code == 0
    assert result.output == f"normkit, version {version('normkit')}\n"
