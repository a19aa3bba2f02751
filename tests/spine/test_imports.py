"""What the command line imports: `check` and `build --only json` never load what they do not
use (the site's templates, MkDocs, the print tool-chain, spreadsheets, rich's terminal…), and
`normkit --help` loads no more than the command line itself. Each import is paid by every run
of the command; on a small project they cost more than the check (see benchmarks/)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.spine.miniprojects import materialise

REPO = Path(__file__).resolve().parents[2]

HEAVY = (
    "jinja2",
    "mkdocs",
    "material",
    "rich",
    "openpyxl",
    "docx",
    "sklearn",
    "scipy",
    "numpy",
    "pypandoc",
    "typst",
    "pypdf",
    "lxml",
    "watchdog",
    "pagefind",
)
"""Top-level modules that the check path must not import (the site, print, workbooks, the
diff's terminal view)."""

WORKERS = ("multiprocessing", "concurrent")
"""The build's worker processes: a build of several outputs imports them; `check` and a
build of one whole output do not."""

DIFF = (
    "normkit.revisions.comparison",
    "normkit.revisions.classify",
    "normkit.revisions.matching",
    "normkit.revisions.fields",
    "normkit.revisions.glossary",
    "normkit.revisions.changeset",
)
"""The comparison of versions and the changeset's classes: a check needs them only for a
version's `changes.yml` or a crosswalk (`normkit.crosswalks.status`: the criteria changed
since its review); `metadata/declarations.py` writes out the kinds of change it accepts.
(The successors' suggestions, `normkit.revisions.successors`, only where they are read.)"""

FORMS = ("normkit.assemble.comment_rows", "normkit.assemble.responses", "normkit.sources.tables")
"""What reads a consultation's comment forms and responses: only for a round to read."""

UNUSED_STANDARD = ("subprocess", "secrets", "random", "shutil", "tempfile", "difflib")
"""The standard library's modules a check with nothing to hint does not use: the build
folder's staging and removal, external tools and "did you mean" hints import them where they
use them (together about 20 M instructions of every run)."""

PIPELINE = ("normkit.pipeline", "markdown_it", "yaml", "normkit.model", "normkit.cache_entries")
"""What only commands that read the sources import."""

PROBE = """
import json, sys
from normkit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.__stdout__)
"""


def _loaded(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False
    )
    assert result.stdout, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def _tops(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's standards, guidance and glossary, without its `mkdocs.yml`, consultations
    or translations (which do need more: MkDocs' YAML loader, the drafts' PDF layout, PO
    files)."""
    root = tmp_path_factory.mktemp("imports")
    for name in ("standards", "guidance", "glossary"):
        shutil.copytree(REPO / name, root / name)
    return root


BUILD_ONLY = ("normkit.outputs.registry", "normkit.progress")
"""The outputs' registry and the build's progress: `build` imports them, `check` does not."""


def test_check_imports_nothing_heavy(project: Path) -> None:
    loaded = _loaded("check", "--project", str(project))
    assert "normkit.pipeline" in loaded  # the probe did run the check
    assert not _tops(loaded) & {*HEAVY, *WORKERS}
    assert not loaded & set(BUILD_ONLY)


def test_check_imports_no_unused_standard_library(project: Path) -> None:
    loaded = _loaded("check", "--project", str(project))
    assert "normkit.pipeline" in loaded
    assert not loaded & set(UNUSED_STANDARD)


def test_the_head_start_imports_no_more_of_the_model_than_the_parsers() -> None:
    """`head_start.py` forks the parse workers once it is imported: the model's classes
    (`normkit.model`'s package imports them on first use) come after, with the pipeline."""
    probe = "import json, sys, normkit.head_start; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    loaded = {name for name in json.loads(result.stdout) if name.startswith("normkit.model")}
    assert "normkit.model.location" in loaded  # the probe did import the parsers
    assert not loaded & {"normkit.model.corpus", "normkit.model.standard", "normkit.model.text"}


def test_check_of_a_site_project_imports_no_mkdocs(project: Path, tmp_path: Path) -> None:
    """A project with the demo's `mkdocs.yml`: its site name is read without MkDocs' package
    (whose `mkdocs.utils` imports `importlib.metadata`, `email`, `zipfile`…); only its
    exception module, which imports nothing of that."""
    site = tmp_path / "site"
    shutil.copytree(project, site)
    shutil.copyfile(REPO / "mkdocs.yml", site / "mkdocs.yml")
    loaded = _loaded("check", "--project", str(site))
    assert "normkit.mkdocs_yml" in loaded and "normkit.pipeline" in loaded
    assert not {name for name in loaded if name.startswith(("mkdocs.", "importlib.metadata"))} - {
        "mkdocs.exceptions"
    }
    assert not _tops(loaded) & ({*HEAVY} - {"mkdocs"})


def test_check_without_intended_changes_imports_no_diff(project: Path, tmp_path: Path) -> None:
    loaded = _loaded("check", "--project", str(project))
    assert set(DIFF) <= loaded  # changes.yml: compared
    assert not {name for name in loaded if name.startswith("normkit.revisions.successors")}
    plain = tmp_path / "plain"
    shutil.copytree(project, plain)
    for declared in plain.glob("standards/*/*/changes.yml"):
        declared.unlink()
    loaded = _loaded("check", "--project", str(plain))
    assert "normkit.pipeline" in loaded
    assert not loaded & {*DIFF, "normkit.crosswalks.status"}


def test_check_without_consultations_imports_no_form_reader(project: Path, tmp_path: Path) -> None:
    loaded = _loaded("check", "--project", str(project))
    assert "normkit.pipeline" in loaded
    assert not loaded & set(FORMS)
    consulted = materialise("consultation__form-invalid", tmp_path / "consulted")
    assert set(FORMS) <= _loaded("check", "--project", str(consulted))


def test_build_json_imports_nothing_heavy(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    loaded = _loaded("build", "--only", "json", "--project", str(project), "--out", str(out))
    assert (out / "json").is_dir()  # the probe did build
    assert not _tops(loaded) & set(HEAVY)
    assert not _tops(loaded) & set(WORKERS)  # one whole output: written here, no worker
    # Its changesets compare versions, which never diffs words (`revisions/words.word_diff`)
    # and, for the lineage's kinds, never suggests successors (`revisions/successors`).
    assert "cydifflib" not in _tops(loaded)
    assert "normkit.revisions.comparison" in loaded  # the demo's versions were compared
    assert not {name for name in loaded if name.startswith("normkit.revisions.successors")}
    # The output's files read the umask from `/proc/self/status` as bytes: no codec for it.
    assert "encodings.ascii" not in loaded


REPORT = ("normkit.outputs.consultation.report", "normkit.model.validity", "babel")
"""A consultation round's report (its facts about the version, dates in every language):
the JSON output writes one only for a round (about 30 M instructions of a build without)."""


def test_build_json_without_consultations_imports_no_report(tmp_path: Path) -> None:
    plain = materialise(None, tmp_path / "plain")  # (the demo's standards hold a round)
    out = tmp_path / "build"
    loaded = _loaded("build", "--only", "json", "--project", str(plain), "--out", str(out))
    assert (out / "json" / "schema" / "consultation.schema.json").is_file()  # still written
    assert not (loaded | _tops(loaded)) & set(REPORT)
    consulted = materialise("ok--consultation", tmp_path / "consulted")
    out = tmp_path / "consulted-build"
    loaded = _loaded("build", "--only", "json", "--project", str(consulted), "--out", str(out))
    assert list((out / "json").glob("*/*/consultation.json"))  # the probe did build a report
    assert set(REPORT) <= loaded | _tops(loaded)


RESOURCE_READERS = ("importlib.resources", "zipfile", "tempfile", "shutil", "bz2", "lzma")
"""`importlib.resources`' readers and what they import: a first JSON build reads its schemas
through their package's loader (`outputs/package_data.py`) and copies no previous output."""


def test_a_first_build_json_imports_no_resource_reader(tmp_path: Path) -> None:
    plain = materialise(None, tmp_path / "plain")
    out = tmp_path / "build"
    loaded = _loaded("build", "--only", "json", "--project", str(plain), "--out", str(out))
    assert (out / "json" / "schema" / "criteria.schema.json").is_file()  # the probe did build
    assert not loaded & set(RESOURCE_READERS)


def test_check_of_translations_and_a_draft_imports_no_resource_reader(tmp_path: Path) -> None:
    """The demo's features in a check: its translations read normkit's label catalogs, and
    its consultation draft's digest imports the PDF engine; neither through
    `importlib.resources` (the workbooks are read by a child: `--jobs 2`)."""
    demo = tmp_path / "demo"
    for name in ("standards", "guidance", "glossary", "translations", "consultations"):
        shutil.copytree(REPO / name, demo / name)
    loaded = _loaded("check", "--jobs", "2", "--project", str(demo))
    assert {"normkit.translations.localize", "normkit.outputs.pdf.lines"} <= loaded
    assert not loaded & set(RESOURCE_READERS)


def test_package_text_reads_as_importlib_resources() -> None:
    from importlib import resources

    from normkit.outputs.package_data import package_text

    for package, name in [
        ("normkit.outputs.json", "criteria.schema.json"),
        ("normkit.outputs.json", "index.schema.json"),
        ("normkit.outputs.json", "criterion.schema.json"),
        ("normkit.outputs.consultation", "consultation.schema.json"),
        ("normkit.translations", "locale/fr.po"),
        ("normkit.outputs.pdf", "house.typ"),
    ]:
        expected = resources.files(package).joinpath(name).read_text(encoding="utf-8")
        assert package_text(package, name) == expected
    with pytest.raises(OSError):
        package_text("normkit.outputs.json", "missing.schema.json")


TRANSLATION = (
    "normkit.translations.localize",
    "normkit.translations.po_files",
    "normkit.translations.texts",
    "normkit.translations.versions",
)
"""What reads translation catalogs and translates the corpus: only for a project with
languages or a `translations/` folder."""


def test_check_without_translations_imports_no_translation(tmp_path: Path) -> None:
    plain = materialise(None, tmp_path / "plain")  # (the demo's versions declare languages)
    loaded = _loaded("check", "--project", str(plain))
    assert "normkit.pipeline" in loaded
    assert not loaded & set(TRANSLATION)
    stray = materialise(None, tmp_path / "stray")  # a catalog no version declares: reported
    (stray / "translations" / "fr").mkdir(parents=True)
    (stray / "translations" / "fr" / "glossary.po").write_text("", encoding="utf-8")
    assert set(TRANSLATION) <= _loaded("check", "--project", str(stray))
    declared = materialise(None, tmp_path / "declared")  # a language declared, no catalog
    version = next(declared.glob("standards/*/*/version.yml"))
    version.write_text(version.read_text(encoding="utf-8") + "languages: [fr]\n", "utf-8")
    assert set(TRANSLATION) <= _loaded("check", "--project", str(declared))


def test_help_imports_no_pipeline() -> None:
    loaded = _loaded("check", "--help")
    assert "normkit.cli" in loaded
    assert not {name for name in loaded if name.startswith(PIPELINE)}


def test_cached_checklists_import_no_spreadsheet_library(project: Path, tmp_path: Path) -> None:
    """Checklists taken from the cache (and no crosswalk to lay out) need no openpyxl, nor the
    numpy it imports: a repeated build does not pay for them."""
    out = tmp_path / "build"
    command = ["build", "--only", "checklists,crosswalks", "--jobs", "1", "--project"]
    first = _loaded(*command, str(project), "--out", str(out))
    assert "openpyxl" in _tops(first)  # the first build lays the workbooks out
    again = _loaded(*command, str(project), "--out", str(out))
    assert list((out / "checklists").glob("*.xlsx"))  # the probe did build
    assert not _tops(again) & {"openpyxl", "numpy"}


def test_check_without_a_numbering_pattern_imports_no_re2(project: Path, tmp_path: Path) -> None:
    """RE2 compiles only a standard's own numbering pattern: loading its library would cost
    every other check about 7 M instructions."""
    loaded = _loaded("check", "--project", str(project))
    assert "normkit.pipeline" in loaded
    assert "re2" not in _tops(loaded)
    patterned = materialise("ok--numbers", tmp_path / "patterned")
    assert "re2" in _tops(_loaded("check", "--project", str(patterned)))


READ_ON_DEMAND = ("html.parser", "nh3", "normkit.model.crosswalk", "normkit.sources.cells")
"""What reads author HTML (the sanitiser, the parser that lists what it removes or reads an
`<img>`), a crosswalk or a workbook: a check of a project without them imports none."""


def test_check_imports_what_reads_html_crosswalks_and_workbooks_on_demand(
    project: Path, tmp_path: Path
) -> None:
    loaded = _loaded("check", "--project", str(project))
    assert "normkit.pipeline" in loaded
    assert not loaded & set(READ_ON_DEMAND)
    html = materialise("html__removed", tmp_path / "html")
    assert {"html.parser", "nh3"} <= _loaded("check", "--project", str(html))
    crosswalk = materialise("crosswalk__stale", tmp_path / "crosswalk")
    loaded = _loaded("check", "--project", str(crosswalk))
    assert {"normkit.model.crosswalk", "normkit.crosswalks.status"} <= loaded


ROUNDS = (
    "normkit.model.consultation",
    "normkit.metadata.comment_form",
    "normkit.sources.issued_lines",
)
"""The rounds' model, the comment form and the issued line maps (about 12 M instructions):
every corpus holds the stakeholder groups (`model/stakeholders.py`), only a project with a
round imports these, where it meets the round."""


def test_check_without_a_round_imports_no_rounds_model(tmp_path: Path) -> None:
    plain = materialise(None, tmp_path / "plain")  # (the demo's standards hold a round)
    loaded = _loaded("check", "--project", str(plain))
    assert "normkit.model.stakeholders" in loaded  # the probe did read the project
    assert not loaded & set(ROUNDS)
    out = tmp_path / "build"
    loaded = _loaded("build", "--only", "json", "--project", str(plain), "--out", str(out))
    assert (out / "json" / "schema" / "consultation.schema.json").is_file()  # still written
    assert not loaded & {"normkit.model.consultation", "normkit.metadata.comment_form"}
    consulted = materialise("ok--consultation", tmp_path / "consulted")
    assert set(ROUNDS) <= _loaded("check", "--project", str(consulted))


def test_the_default_groups_are_the_rounds_model_s() -> None:
    from normkit.model import consultation, stakeholders

    assert consultation.StakeholderGroup is stakeholders.StakeholderGroup
    assert all(type(g) is consultation.StakeholderGroup for g in stakeholders.DEFAULT_GROUPS)


def test_check_and_build_json_import_no_signal_module(tmp_path: Path) -> None:
    """`signal`'s enums (about 3 M instructions): `normkit.signals` gives its functions without
    them, to the build's handlers of SIGTERM and SIGHUP (`commands/stopping.py`), to the
    workers (`parallel.py`) and to the forked helpers that ignore Ctrl-C."""
    plain = materialise(None, tmp_path / "plain")
    loaded = _loaded("check", "--project", str(plain))
    assert "normkit.pipeline" in loaded
    assert "signal" not in loaded
    out = tmp_path / "build"
    loaded = _loaded("build", "--only", "json", "--project", str(plain), "--out", str(out))
    assert "normkit.commands.stopping" in loaded  # the build did set its handlers
    assert "signal" not in loaded


def test_check_below_the_render_helper_imports_no_render_helper(tmp_path: Path) -> None:
    """A read of fewer items than `renderers.MIN_READ` (and builds of fewer than
    `MIN_CRITERIA`) forks no render helper: its module is not imported
    (`tests/spine/test_render_ahead.py` checks that larger reads fork one)."""
    plain = materialise(None, tmp_path / "plain")
    loaded = _loaded("check", "--project", str(plain))
    assert "normkit.assemble.renderers" in loaded  # the probe did build versions
    assert "normkit.assemble.render_ahead" not in loaded
