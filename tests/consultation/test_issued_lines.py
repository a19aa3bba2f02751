"""The register's line map of a draft as issued (`consultations/<standard>/<version>/lines.json`,
written by `normkit consultation lines`): `check` reads it instead of laying the draft out
while the draft is that document, and lays it out otherwise, with the same diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit.cli import main
from normkit.outputs.pdf import lines
from normkit.outputs.pdf.source import PrintJob
from normkit.outputs.render_cache import RenderCache
from normkit.pipeline import check_project
from normkit.sources.issued_lines import read_issued_lines
from tests.spine.miniprojects import materialise

REGISTER = Path("consultations", "demo", "v2", "lines.json")


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents laid out from now on, none remembered from other tests."""
    found: list[str] = []
    layout = lines.layout_positions

    def counted(job: PrintJob, printed: RenderCache | None = None) -> dict[str, object]:
        found.append(job.name)
        return layout(job, printed)

    monkeypatch.setattr(lines, "layout_positions", counted)
    monkeypatch.setattr(lines, "_LAID_OUT", {})
    return found


def _shown(root: Path, jobs: int = 1) -> list[str]:
    return [d.format() for d in check_project(root, jobs=jobs).diagnostics]


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A project whose v2 register holds the map the command wrote, and the diagnostics of
    the same project without it (laid out)."""
    root = materialise("ok--consultation", tmp_path_factory.mktemp("issued") / "p")
    without = [d.format() for d in check_project(root).diagnostics]
    result = CliRunner().invoke(main, ["consultation", "lines", "demo@v2", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert f"wrote {root / REGISTER}" in result.output
    return root, without


def test_the_command_writes_every_range_of_the_draft(issued: tuple[Path, list[str]]) -> None:
    root, _ = issued
    data = json.loads((root / REGISTER).read_text(encoding="utf-8"))
    assert data["document"].startswith(f"{lines.FORMAT_REVISION}-")
    assert list(data["lines"]) == sorted(data["lines"])
    general = data["lines"]["(general)"]
    assert general["first_line"] == 1 and general["last_line"] > 1
    version = check_project(root, layout=False).corpus.version("demo", "v2")
    assert version is not None
    assert {c.id for c in version.criteria()} <= set(data["lines"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_reads_it_instead_of_laying_the_draft_out(
    issued: tuple[Path, list[str]], laid_out: list[str], jobs: int
) -> None:
    root, without = issued
    assert _shown(root, jobs) == without  # the register file is not a form, nor anything else
    assert "demo-v2" not in laid_out
    assert "demo-v1" in laid_out  # no map in its register: laid out as before


def test_a_map_of_another_document_is_not_used(
    issued: tuple[Path, list[str]], laid_out: list[str], tmp_path: Path
) -> None:
    root = tmp_path / "p"
    _copy(issued[0], root)
    data = json.loads((root / REGISTER).read_text(encoding="utf-8"))
    data["document"] = "1-" + "0" * 64  # the draft changed, or typst or pandoc did
    data["lines"] = {k: {**v, "first_line": 9999} for k, v in data["lines"].items()}
    (root / REGISTER).write_text(json.dumps(data), encoding="utf-8")
    assert _shown(root) == issued[1]
    assert "demo-v2" in laid_out


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[]",
        '{"document": "DIGEST", "lines": []}',
        '{"document": "DIGEST", "lines": {"(general)": {"first_line": "1"}}}',
        '{"document": "DIGEST", "lines": {"(general)": {"first_line": true, "last_line": 2, '
        '"first_page": 1, "last_page": 1}}}',
    ],
)
def test_a_damaged_map_is_not_used(
    issued: tuple[Path, list[str]], laid_out: list[str], tmp_path: Path, text: str
) -> None:
    root = tmp_path / "p"
    _copy(issued[0], root)
    digest = json.loads((root / REGISTER).read_text(encoding="utf-8"))["document"]
    (root / REGISTER).write_text(text.replace("DIGEST", digest), encoding="utf-8")
    assert read_issued_lines(root / REGISTER, digest) is None
    assert _shown(root) == issued[1]
    assert "demo-v2" in laid_out


def test_the_command_refuses_what_has_no_consultation_pdf(tmp_path: Path) -> None:
    root = materialise("ok--consultation", tmp_path / "p")
    result = CliRunner().invoke(main, ["consultation", "lines", "demo@v1", "--project", str(root)])
    assert result.exit_code == 2
    assert "not out for consultation" in result.output
    assert not (root / "consultations" / "demo" / "v1" / "lines.json").exists()


def _copy(source: Path, target: Path) -> None:
    import shutil

    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build"))
