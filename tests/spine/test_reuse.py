"""Reads within a `normkit serve` session keep unchanged versions and guidance editions
(`assemble/reuse.py`), and each read gives the model and diagnostics a fresh read gives."""

from __future__ import annotations

from pathlib import Path

from normkit.assemble.reuse import AssemblyCache, assemblies_kept
from normkit.pipeline import CheckResult, check_project
from normkit.sources.documents import ParseCache, parses_kept
from tests.spine.miniprojects import materialise

V2 = "standards/demo/v2/01-governance.md"
EVERYTHING = {
    "version demo@v1",
    "version demo@v2",
    "edition demo/v1-2020",
    "edition demo/v2-2023",
}


class Session:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.parses = ParseCache()
        self.cache = AssemblyCache()

    def read(self) -> CheckResult:
        with parses_kept(self.parses), assemblies_kept(self.cache):
            result = check_project(self.root)
        fresh = check_project(self.root)
        assert result.corpus == fresh.corpus
        assert [d.format() for d in result.diagnostics] == [d.format() for d in fresh.diagnostics]
        return result


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_rebuilds_its_version_and_what_refers_to_it(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "project")
    session = Session(root)
    first = session.read()
    assert session.cache.reused == set()
    assert session.read().corpus.version("demo", "v1") is first.corpus.version("demo", "v1")
    assert session.cache.reused == EVERYTHING

    # A change of text: only v2 is rendered again; what refers to it reads the same.
    _edit(root, V2, "comply with applicable law", "obey the law")
    second = session.read()
    assert session.cache.reused == EVERYTHING - {"version demo@v2"}
    assert second.corpus.version("demo", "v2") is not first.corpus.version("demo", "v2")

    # A new title: the guidance naming the criterion is rendered again, with the new title.
    _edit(root, V2, "### 1.2 Greenhouse gas targets", "### 1.2 Emission targets")
    session.read()
    assert "edition demo/v2-2023" not in session.cache.reused
    assert "version demo@v1" in session.cache.reused

    # A new glossary term applies everywhere: everything is rendered again.
    _edit(root, "glossary/terms.md", "# ", "# Plan\n\n```term\nid: plan\n```\n\nA plan.\n\n# ")
    session.read()
    assert session.cache.reused == set()


def test_a_link_follows_the_files_it_names(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "project")
    session = Session(root)
    _edit(root, V2, "The governance pillar.", "The governance pillar ([plan](/files/plan.txt)).")
    broken = session.read()
    assert "link.broken" in [d.code.code for d in broken.diagnostics]
    session.read()
    assert "version demo@v2" in session.cache.reused

    # The file appears; no source changed, but the link's answer did.
    (root / "files").mkdir()
    (root / "files" / "plan.txt").write_text("A plan.\n", encoding="utf-8")
    fixed = session.read()
    assert "version demo@v2" not in session.cache.reused
    assert "link.broken" not in [d.code.code for d in fixed.diagnostics]


def test_a_removed_version_is_forgotten(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "project")
    session = Session(root)
    session.read()
    assert "version demo@v2" in session.cache.kept
    for file in sorted((root / "standards/demo/v2").iterdir()):
        file.unlink()
    (root / "standards/demo/v2").rmdir()
    for file in sorted((root / "guidance/demo/v2-2023").iterdir()):
        file.unlink()
    (root / "guidance/demo/v2-2023").rmdir()
    session.read()
    assert "version demo@v2" not in session.cache.kept
    assert "version demo@v1" in session.cache.kept


def test_a_version_built_again_renders_only_the_edited_chapters_criteria(
    tmp_path: Path,
) -> None:
    root = materialise(None, tmp_path / "project")
    (root / "standards/demo/v2/02-records.md").write_text(
        "# Records\n\n## 2 Records\n\n### 2.1 Plans kept\n\n```criterion\nid: plans-kept\n"
        "applies_to: [all]\n```\n\nThe Entity shall keep [its plan](/files/plan.txt).\n",
        encoding="utf-8",
    )
    session = Session(root)
    assert "link.broken" in [d.code.code for d in session.read().diagnostics]
    assert session.cache.renders_reused == 0

    # The first chapter edited: its two criteria are rendered again, the other's is reused.
    _edit(root, V2, "comply with applicable law", "obey the law")
    session.read()
    assert "version demo@v2" not in session.cache.reused
    assert session.cache.renders_reused == 1

    # The linked file appears: the criterion that links it is rendered again, with the
    # link resolved; the two that asked nothing about files are reused.
    (root / "files").mkdir()
    (root / "files" / "plan.txt").write_text("A plan.\n", encoding="utf-8")
    fixed = session.read()
    assert "link.broken" not in [d.code.code for d in fixed.diagnostics]
    assert session.cache.renders_reused == 2

    # A new title changes what references resolve against: everything is rendered again.
    _edit(root, V2, "### 1.2 Greenhouse gas targets", "### 1.2 Emission targets")
    session.read()
    assert session.cache.renders_reused == 0
