"""Every performance figure of normkit in one run, written to `benchmarks/RESULTS.md`.

    .venv/bin/python benchmarks/run.py [--sizes 1000,10000] [--runs 3] [--no-nist]
        [--only site,compile,print,preview]

Projects: generated revisions of 1,000 and 10,000 criteria (`projects.py`), NIST SP 800-53
rev4 + rev5 through `normkit import`, five of its rev5 families alone (181 criteria, a small
real standard: for the compile only), and the demo (every source folder of it: standards,
guidance, glossary, theme, consultations, crosswalks, translations; for the site, compile,
diff, preview and print). Each figure is a ratio of two things measured side by side in this
run, interleaved, as medians of `--runs` repetitions; absolute times are context, and their
min–max shows the noise of a shared machine. CPU seconds (user + system, child processes
included) are steadier than wall time when other work runs, so both are given.

- site: `normkit build --only site` into an empty build folder (as a fresh process: imports,
  reading, checks, pages, MkDocs, Pagefind) against plain `mkdocs build` of
  `normkit export mkdocs` of the same project (the same pages, Material's own search); and
  warm: each command again into its previous run's folder (normkit then reuses its compiled
  templates and, when nothing it indexes changed, the previous search index);
- compile: the installed `normkit build --only json` and `normkit check`, each a fresh
  process in the project, against `bare_parse.py` (a bare markdown-it-py parse and render of
  the same Markdown files) run by the same interpreter, interleaved: cold (no build folder,
  nothing cached: a first build — earlier folders are moved aside, not deleted, because on
  this machine's file system creating files right after deleting others costs far more;
  `file_creation` measures that, and the results give it as a note), cold right after
  `rm -r build` (as users empty the folder: every file just deleted), and repeated (the
  previous build and the parsed chapters kept; unchanged, and after editing one criterion),
  as a user or an outside checker runs them. A process of its own on each side: in one
  long-lived process, the baseline's collections walked the model an earlier step left
  alive and it ran ~2x slower at 10,000 criteria;
- in-process split (a diagnostic, and the diff's reference): `check_project` + the JSON
  writer into an empty folder and the bare parse in this process, with the heap frozen
  before each step;
- diff: the changeset of every version pair and its JSON, against the in-process compile,
  and against the in-process bare parse (so that the diff's target holds once the compile
  meets its own: 0.5 × 1.5);
- full build (`--only print`), on the demo, the first generated project (1,000 criteria by
  default; no other size is generated for it) and NIST, `-q`, the default `--jobs`:
  - cold, measured once per project (a cold full build renders every PDF and DOCX file and
    takes minutes on a loaded machine): `normkit build --only site` into an empty build
    folder, then `normkit build` into another empty one, which fills its caches;
  - warm, `--runs` times, interleaved: `normkit build` again into that folder (every
    document from its content-hash cache, as when working, or a checker timing the command
    several times in a row) against `normkit build --only site` into the same folder;
  - CPU includes the worker processes and the tools they run (pandoc; `normkit build` waits
    for its workers, or for its fork server, which has reaped them), not the detached
    process that deletes the previous build after the command returns (on either side);
- PDF: seconds per page (wall) of a cold `normkit build --only pdf` of the demo into an
  empty build folder (so the check and every PDF, translated and CJK ones included; once);
- memory: peak resident memory of the largest process of each command: of the site's
  runs, and of the compile's (`build --only json` cold, repeated and edited; `check` cold
  and repeated), on every project;
- preview: seconds from saving a criterion's chapter to the browser showing the edit,
  `normkit serve` against `mkdocs serve` of the export.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BARE = HERE / "bare_parse.py"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

from markdown_it import MarkdownIt  # noqa: E402
from measure import Sample, Series, alternate, in_process, load, normkit, process  # noqa: E402
from projects import (  # noqa: E402
    SMALL_FAMILIES,
    generate_project,
    nist_project,
    small_real_project,
)

Row = tuple[str, str, str, str, str, str]
"""(project, figure, normkit, baseline, ratio, target)."""
GROUPS = ("site", "compile", "print", "preview")
"""Groups of rows that `--only` can measure again."""


def _group(figure: str) -> str:
    if figure.startswith(("site:", "site, warm", "peak memory: normkit build --only site")):
        return "site"
    if figure.startswith(
        (
            "compile",
            "in-process split",
            "diff",
            "peak memory: normkit check",
            "peak memory: normkit build --only json",
        )
    ):
        return "compile"
    if figure.startswith(("full build", "PDF")):
        return "print"
    return "preview"


SET_ASIDE = ".set-aside"
"""Where `_fresh` moves earlier folders, beside them; removed when the run ends."""


def _fresh(folder: Path) -> Path:
    """`folder`, absent: whatever was there is moved aside, not deleted, so that no timing
    pays for this run's own deletions (see `file_creation`); the run removes it at its end."""
    if folder.exists() or folder.is_symlink():
        aside = folder.parent / SET_ASIDE
        aside.mkdir(exist_ok=True)
        os.rename(folder, aside / f"{folder.name}-{len(os.listdir(aside))}")
    return folder


def file_creation(work: Path, files: int = 2000, size: int = 8192, rounds: int = 3) -> str:
    """The kernel's share of every cold row that writes files, measured last, as a note:
    creating `files` files into new folders, then each time right after deleting as many
    (min–max of `rounds`). On ext4 without a journal (this machine's) the inode allocator
    skips, one by one, inodes freed in the last minute or more (`recently_deleted()` in
    `find_inode_bit`), so creating files right after deleting others can cost several times
    more; how much varies with where the kernel places them, hence the range."""
    data = b"x" * size

    def create(folder: Path) -> float:
        folder.mkdir(parents=True)
        start = time.perf_counter()
        for number in range(files):
            (folder / f"{number}.json").write_bytes(data)
        return time.perf_counter() - start

    new = [create(work / f"creation-new-{round}") for round in range(rounds)]
    after = []
    for round in range(rounds):
        shutil.rmtree(work / f"creation-new-{round}")
        after.append(create(work / f"creation-after-{round}"))
    return (
        f"File creation on this machine (part of every cold row that writes files): {files:,} "
        f"files of {size // 1024} KB took {min(new):.2f}–{max(new):.2f} s into new folders "
        f"and {min(after):.2f}–{max(after):.2f} s right after {files:,} others were deleted "
        f"({rounds} rounds). The kernel (ext4 without a journal) skips inodes freed in the "
        "last minute or more when it allocates one: depending on where it places the files, "
        "creating them right after a deletion has measured from as fast to ten times slower "
        "here, so a build right after `rm -r build` may pay more per file it creates. The "
        "cold rows are first builds: this run moves earlier build folders aside instead of "
        'deleting them, and removes them at its end; the rows "right after `rm -r build`" '
        "delete the folder first, as users do."
    )


DEMO_FOLDERS = (
    "standards",
    "guidance",
    "glossary",
    "themes",
    "consultations",
    "crosswalks",
    "translations",
)
"""Every source folder of the demo: a copy without consultations, crosswalks or translations
would build less than the demo does (no consultation forms, crosswalk tables or translated
pages)."""


def copy_demo(demo: Path) -> Path:
    """The demo project as it is in the repository, without its build folder."""
    for folder in DEMO_FOLDERS:
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, demo / folder)
    shutil.copy(REPO / "mkdocs.yml", demo / "mkdocs.yml")
    return demo


def export(project: Path, dest: Path) -> Path:
    process(normkit("export", "mkdocs", "--project", str(project), str(_fresh(dest))))
    return dest


def site(project: Path, exported: Path, work: Path, runs: int) -> dict[str, Series]:
    """Cold: into an empty build folder (and MkDocs into an empty `site_dir`). Warm: the
    same command again into the folder of the previous run (as when working, or a checker
    timing the command several times in a row), on both sides."""
    out, plain = work / "site-build", work / "plain-site"
    warm_out, warm_plain = _fresh(work / "site-build-warm"), _fresh(work / "plain-site-warm")

    def normkit_site(folder: Path) -> Sample:
        where = ["--project", str(project), "--out", str(folder)]
        return process(normkit("build", "-q", "--only", "site", *where))

    def mkdocs(folder: Path) -> Sample:
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder)]
        return process(command, cwd=exported)

    normkit_site(warm_out), mkdocs(warm_plain)  # the previous run of the warm ones
    return alternate(
        runs,
        normkit=lambda: normkit_site(_fresh(out)),
        mkdocs=lambda: mkdocs(_fresh(plain)),
        normkit_warm=lambda: normkit_site(warm_out),
        mkdocs_warm=lambda: mkdocs(warm_plain),
    )


def markdown_files(project: Path) -> list[str]:
    folders = ("standards", "guidance", "glossary")
    return [
        path.read_text(encoding="utf-8")
        for folder in folders
        for path in sorted((project / folder).rglob("*.md"))
    ]


def compile_runs(project: Path, runs: int) -> dict[str, Series]:
    """The compile as a user (or an outside checker) runs it: fresh processes of the
    installed command in the project, against `bare_parse.py` run by the same interpreter,
    interleaved. Cold: `normkit build --only json` with no build folder (a first build:
    nothing cached, every file created; the earlier folder moved aside, see `_fresh`).
    Also cold right after deleting the build folder (`rm -r build`, as users empty it; see
    `file_creation`). Repeated: the same command again (the previous build and the parsed
    chapters kept), and after editing one criterion (a word put at the start of its text).
    `normkit check` alike: cold (no cache) and repeated. Moving the build folder aside or
    deleting it is not timed."""
    from reload import insert_in_source

    from normkit.pipeline import check_project

    out = project / "build"
    here = ["--project", str(project)]
    model = check_project(project).corpus
    edited = next(c for v in reversed(list(model.versions())) for c in v.criteria())
    edit = insert_in_source(project / edited.location.path, edited.id)
    del model
    edits = [0]

    def bare() -> Sample:
        return process([sys.executable, str(BARE), str(project)])

    def json() -> Sample:
        return process(normkit("build", "--only", "json", "-q", *here))

    def cold() -> Sample:
        _fresh(out)
        return json()

    def removed() -> Sample:
        if out.exists():
            shutil.rmtree(out)  # as a user or checker empties it: every file just deleted
        return json()

    def edited_json() -> Sample:
        edits[0] += 1
        edit(f"reloadmark{edits[0]}")
        return json()

    def check_cold() -> Sample:
        _fresh(out / ".cache")
        return process(normkit("check", *here))

    try:
        return alternate(
            runs,
            bare=bare,
            cold=cold,
            removed=removed,
            repeated=json,
            edited=edited_json,
            check_repeated=lambda: process(normkit("check", *here)),
            check_cold=check_cold,
        )
    finally:
        _fresh(out)


def compile_and_diff(project: Path, runs: int) -> dict[str, Series]:
    """In one process, as a diagnostic split (and for the diff, which has no command of its
    own): the bare parse + render, reading and checking plus the JSON into an empty folder,
    and the changeset of every version pair with its JSON. Each is timed with the heap
    alive before it frozen (`in_process`), so a model kept by an earlier step is not walked
    by the next step's collections."""
    from normkit.collector import collection_paused
    from normkit.outputs.context import BuildContext
    from normkit.outputs.diff.changesets import version_pairs
    from normkit.outputs.diff.serialise import changeset_document
    from normkit.outputs.diff.writer import dump
    from normkit.outputs.json.writer import write_json
    from normkit.pipeline import check_project
    from normkit.revisions.comparison import compare
    from normkit.sources.documents import ParseCache, parses_kept

    texts = markdown_files(project)
    parser = MarkdownIt("commonmark").enable("table")
    work = Path(tempfile.mkdtemp(prefix="normkit-compile-", dir=project.parent))
    corpus: list[Any] = []

    def bare() -> Sample:
        return in_process(lambda: [parser.render(text) for text in texts])

    def compiled() -> Sample:
        build = _fresh(work / "build")

        def run() -> None:
            corpus[:] = []
            # A new session's cache: nothing stored is read. But a session does not freeze
            # what it read, and a command does (`pipeline.check_project`): frozen here as
            # well, or the collections after the read walk the whole model (2 at 10,000
            # criteria: 63-262 ms; 4-14 ms at 1,000), which no command does.
            with collection_paused(freeze=True), parses_kept(ParseCache()):
                result = check_project(project)
            context = BuildContext(
                project=project, out=build, cache=work / ".cache", derived=result.derived
            )
            write_json(result.corpus, build / "json", context)
            corpus[:] = [result.corpus]

        return in_process(run)

    def diff() -> Sample:
        model = corpus[0]

        def run() -> None:
            for old, new in version_pairs(model):
                dump(changeset_document(compare(model, old, new), old, new))

        return in_process(run)

    try:
        compiled(), diff()  # once untimed: the diff's first call imports its libraries
        return alternate(runs, bare=bare, compile=compiled, diff=diff)
    finally:
        _fresh(work)


def full_build(project: Path, work: Path, runs: int) -> dict[str, Series]:
    """Warm: `runs` of each, interleaved; cold: one of each, into empty build folders."""
    out = work / "full-build"

    def build(folder: Path, *only: str) -> Sample:
        where = ["--project", str(project), "--out", str(folder)]
        return process(normkit("build", "-q", *only, *where))

    cold_site = build(_fresh(work / "cold-site"), "--only", "site")
    cold_full = build(_fresh(out))  # also fills the caches: PDFs, DOCX files, diff documents
    found = alternate(runs, full=lambda: build(out), site=lambda: build(out, "--only", "site"))
    found["cold full"], found["cold site"] = Series([cold_full]), Series([cold_site])
    return found


def pdf_per_page(project: Path, work: Path) -> tuple[Sample, int]:
    from pypdf import PdfReader

    out = _fresh(work / "pdf-build")
    sample = process(
        normkit("build", "-q", "--only", "pdf", "--project", str(project), "--out", str(out))
    )
    pages = sum(len(PdfReader(path).pages) for path in sorted((out / "pdf").glob("*.pdf")))
    return sample, pages


def preview(project: Path, exported: Path, criterion: str, edits: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright
    from reload import edit_times, free_port, insert_in_export, insert_in_source, launch, server

    from normkit.outputs.site import urls
    from normkit.pipeline import check_project

    corpus = check_project(project).corpus
    version = next(v for v in corpus.versions() if v.criterion(criterion) is not None)
    found = version.criterion(criterion)
    assert found is not None
    chapter = project / found.location.path
    address = urls.criterion_page(version, found)
    results: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        port = free_port()
        url = f"http://127.0.0.1:{port}/{address}"
        command = normkit("serve", "--project", str(project), "--dev-addr", f"127.0.0.1:{port}")
        with server(command, project, url):
            results["normkit"] = edit_times(
                browser, url, edits, insert_in_source(chapter, criterion)
            )
        port = free_port()
        url = f"http://127.0.0.1:{port}/{address}"
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
        exported_page = exported / "docs" / address / "index.md"
        with server(command, exported, url):
            results["mkdocs"] = edit_times(
                browser, url, edits, insert_in_export(exported_page, criterion)
            )
        browser.close()
    return results


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def _seconds(series: Series) -> str:
    return f"{series.wall:.2f} s ({series.spread()}; CPU {series.cpu:.2f} s)"


class Report:
    """Rows of the results table and notes, in the order they were measured."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.notes: list[str] = []

    def row(self, project: str, figure: str, ours: str, base: str, ratio: str, target: str) -> None:
        self.rows.append((project, figure, ours, base, ratio, target))
        print(" | ".join(self.rows[-1]), flush=True)

    def site(self, name: str, found: dict[str, Series]) -> None:
        ours, base = found["normkit"], found["mkdocs"]
        self.row(
            name,
            "site: normkit build --only site vs mkdocs build of the export",
            _seconds(ours),
            _seconds(base),
            f"{_ratio(ours.wall, base.wall)} (CPU {_ratio(ours.cpu, base.cpu)})",
            "≤ 1.3×",
        )
        ours, base = found["normkit_warm"], found["mkdocs_warm"]
        self.row(
            name,
            "site, warm (the same command again, previous build kept) vs mkdocs build again",
            _seconds(ours),
            _seconds(base),
            f"{_ratio(ours.wall, base.wall)} (CPU {_ratio(ours.cpu, base.cpu)})",
            "≤ 1.3×",
        )
        ours = Series([*found["normkit"].samples, *found["normkit_warm"].samples])
        base = Series([*found["mkdocs"].samples, *found["mkdocs_warm"].samples])
        self.row(
            name,
            "peak memory: normkit build --only site",
            f"{ours.peak:.0f} MiB",
            f"{base.peak:.0f} MiB",
            _ratio(ours.peak, base.peak),
            "≤ 500 MiB",
        )

    def compiled(self, name: str, fresh: dict[str, Series], found: dict[str, Series]) -> None:
        bare = fresh["bare"]
        for key, figure in (
            ("cold", "compile: `normkit build --only json`, cold (no build folder)"),
            ("removed", "compile: `normkit build --only json`, cold, right after `rm -r build`"),
            ("repeated", "compile: `normkit build --only json`, repeated (nothing changed)"),
            ("edited", "compile: `normkit build --only json`, repeated, one criterion edited"),
            ("check_cold", "compile: `normkit check`, cold (no cache)"),
            ("check_repeated", "compile: `normkit check`, repeated"),
        ):
            ours = fresh[key]
            self.row(
                name,
                f"{figure}, vs bare parse + render script (fresh processes)",
                _seconds(ours),
                _seconds(bare),
                f"{_ratio(ours.wall, bare.wall)} (CPU {_ratio(ours.cpu, bare.cpu)})",
                "≤ 1.5×",
            )
        for figure, keys in (
            ("peak memory: normkit build --only json", ("cold", "removed", "repeated", "edited")),
            ("peak memory: normkit check", ("check_cold", "check_repeated")),
        ):
            peak = max(fresh[key].peak for key in keys)
            self.row(name, f"{figure} (cold and repeated)", f"{peak:.0f} MiB", "", "", "≤ 500 MiB")
        bare, compiled, diff = found["bare"], found["compile"], found["diff"]
        self.row(
            name,
            "in-process split: check + JSON (cold) vs bare parse + render",
            _seconds(compiled),
            _seconds(bare),
            f"{_ratio(compiled.wall, bare.wall)} (CPU {_ratio(compiled.cpu, bare.cpu)})",
            "diagnostic",
        )
        self.row(
            name,
            "diff (every version pair, changeset + JSON) vs in-process check + JSON (cold)",
            _seconds(diff),
            _seconds(compiled),
            f"{_ratio(diff.wall, compiled.wall)} (CPU {_ratio(diff.cpu, compiled.cpu)})",
            "≤ 0.5×",
        )
        self.row(
            name,
            "diff vs in-process bare markdown-it-py parse + render",
            _seconds(diff),
            _seconds(bare),
            f"{_ratio(diff.wall, bare.wall)} (CPU {_ratio(diff.cpu, bare.cpu)})",
            "≤ 0.75× (0.5 × 1.5)",
        )

    def keep_earlier(self, path: Path, measured: set[str]) -> list[str]:
        """Rows of an earlier results file that were not measured now, in their places, each
        marked with the commit it was measured on; returns the header's line on it."""
        lines = path.read_text(encoding="utf-8").splitlines()
        earlier = [tuple(line[2:-2].split(" | ")) for line in lines if line.startswith("| ")]
        run = next((line[2:] for line in lines if line.startswith("- commit")), "")
        marker = f" (run of {run.split()[1].rstrip(',')})" if run else " (earlier run)"
        new = {(row[0], row[1]): row for row in self.rows}
        remeasured = {(row[0], _group(row[1])) for row in self.rows}
        merged: list[Row] = []
        for project, figure, ours, base, ratio, target in earlier[1:]:  # after the heading
            plain = figure.split(" (run of ")[0]
            if _group(figure) in measured and (project, plain) in new:
                merged.append(new.pop((project, plain)))
            elif (project, _group(figure)) in remeasured:
                continue  # measured again, but no longer a row of this command
            else:  # not measured now (another group, or --no-nist …)
                marked = figure if "(run of " in figure else figure + marker
                merged.append((project, marked, ours, base, ratio, target))
        self.rows = merged + list(new.values())
        if "compile" not in measured:
            self.notes += [line for line in lines if line.startswith("Growth of the")]
        if not measured & {"site", "compile"}:
            self.notes += [line for line in lines if line.startswith("File creation on")]
        return [
            "",
            f"Measured in this run: {', '.join(sorted(measured))}. Rows marked (run of …) are "
            f"kept from an earlier run of this command ({run}).",
        ]

    def write(self, path: Path, header: list[str]) -> None:
        lines = [
            *header,
            "",
            "| project | figure | normkit | baseline | ratio | target |",
            "|---|---|---|---|---|---|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        if self.notes:
            lines += ["", *self.notes]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="criteria of generated projects")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5, help="edits timed per preview")
    parser.add_argument("--no-nist", action="store_true")
    parser.add_argument("--no-print", action="store_true", help="skip full builds and PDFs")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"groups of rows to measure ({', '.join(GROUPS)}); the other rows of --out are "
        "kept, marked as from their earlier run",
    )
    args = parser.parse_args()
    only = {group for group in args.only.split(",") if group}
    if not only <= set(GROUPS):
        parser.error(f"--only takes {', '.join(GROUPS)}")
    sizes = [int(size) for size in args.sizes.split(",") if size]
    work = Path(tempfile.mkdtemp(prefix="normkit-bench-"))
    report = Report()
    started = datetime.datetime.now(datetime.UTC)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    load_before = load()
    try:
        projects: list[tuple[str, Path]] = []
        # Full builds and the preview use the first size only: a larger project is generated
        # only when its site or compile rows are measured.
        for size in sizes if only & {"site", "compile"} else sizes[:1]:
            projects.append((f"generated {size:,}", generate_project(work / f"gen-{size}", size)))
        nist = None if args.no_nist else nist_project(work / "nist")
        if nist is not None:
            projects.append(("NIST SP 800-53 rev4+rev5", nist))
        elif not args.no_nist:
            report.notes.append("NIST: `normkit import` is not available; not measured.")
        demo = copy_demo(work / "demo")
        for name, project in projects:
            if "site" in only:
                exported = export(project, work / f"export-{project.name}")
                report.site(name, site(project, exported, work, args.runs))
            if "compile" in only:
                report.compiled(
                    name, compile_runs(project, args.runs), compile_and_diff(project, args.runs)
                )
        if "compile" in only and nist is not None:  # fixed costs: a small real standard
            small = small_real_project(nist, work / "nist-small")
            name = f"NIST SP 800-53 rev5, {len(SMALL_FAMILIES)} families"
            found = compile_runs(small, args.runs)
            report.compiled(name, found, compile_and_diff(small, args.runs))
        if "compile" in only:
            report.compiled(
                "demo", compile_runs(demo, args.runs), compile_and_diff(demo, args.runs)
            )
        if "site" in only:
            report.site("demo", site(demo, export(demo, work / "export-demo"), work, args.runs))
        if len(sizes) >= 2 and "compile" in only:
            report.notes.append(_growth(report, sizes))
        if not args.no_print and "print" in only:
            printed = [("demo", demo), *projects[:1]]
            if nist is not None:
                printed.append(("NIST SP 800-53 rev4+rev5", nist))
            for name, project in printed:
                _full_build_rows(report, name, full_build(project, work, args.runs))
                if project != demo:
                    continue  # the demo's documents cover every kind (translations, CJK)
                sample, pages = pdf_per_page(project, work)
                report.row(
                    name,
                    f"PDF, cold: seconds per page ({pages} pages, --jobs {_cores()})",
                    f"{sample.wall / pages:.3f} s",
                    f"{sample.wall:.1f} s in all",
                    "",
                    "—",
                )
        if "preview" in only:
            exported = export(demo, work / "export-demo")
            times = preview(demo, exported, "ghg-targets", args.edits)
            _preview_row(report, "demo", times, "≤ 1 s")
        if sizes and "preview" in only:
            name, project = projects[0]
            exported = export(project, work / f"export-{project.name}")
            times = preview(project, exported, "criterion-00001", args.edits)
            _preview_row(report, name, times, "≤ 2 s" if sizes[0] <= 1000 else "—")
        if only & {"site", "compile"}:
            report.notes.append(file_creation(work))  # last: it deletes files
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run.py` (see its docstring for what each figure is). "
        "Times are medians of interleaved runs (min–max in brackets), as many as the line "
        "below gives for the row's group; preview times are medians of edits.",
        "",
        repetitions_line(only, args.runs, args.edits, args.out),
        f"- commit `{commit}`, {started:%Y-%m-%d %H:%M} UTC; "
        f"{sys.platform}, Python {sys.version.split()[0]}, {_cores()} cores",
        f"- load average before / after: {load_before} / {load()} (the machine is shared); "
        f"this run took {_elapsed(started)}",
        "",
        "On a loaded machine wall times stretch with the load, and more for work spread over "
        "processes (Pagefind beside MkDocs, the preview's server and browser) than for one "
        "process; CPU times (user + system, children included) stay comparable, so the CPU "
        "ratios are the steadier figures. A `check` or `build` ends before the child it "
        "leaves writing its caches: each run waits for that child, untimed, before the next "
        "starts, and its CPU is in no figure.",
    ]
    if only != set(GROUPS) and args.out.is_file():
        header += report.keep_earlier(args.out, only)
    report.write(args.out, header)
    print(f"wrote {args.out}")


REPETITIONS = "- repetitions per group: "


def repetitions_line(only: set[str], runs: int, edits: int, earlier: Path) -> str:
    """How many runs (edits, for the preview) each group's medians are of: this run's for
    the groups it measured, the earlier file's for the rows kept from it."""
    counts: dict[str, str] = {}
    if only != set(GROUPS) and earlier.is_file():
        for line in earlier.read_text(encoding="utf-8").splitlines():
            if line.startswith(REPETITIONS):
                for item in line.removeprefix(REPETITIONS).split(", "):
                    group, _, count = item.partition(" ")
                    counts[group] = count
    for group in only:
        counts[group] = f"{edits} edits" if group == "preview" else f"{runs} runs"
    shown = [f"{group} {counts[group]}" for group in GROUPS if group in counts]
    return REPETITIONS + ", ".join(shown)


def _growth(report: Report, sizes: list[int]) -> str:
    # The in-process split: no start-up time, which would flatter the growth.
    rows = {r[0]: r[2] for r in report.rows if r[1].startswith("in-process split: check")}
    first, last = f"generated {sizes[0]:,}", f"generated {sizes[-1]:,}"
    if first not in rows or last not in rows:
        return ""

    def times(cell: str) -> tuple[float, float]:
        return float(cell.split(" s")[0]), float(cell.split("CPU ")[1].split(" s")[0])

    (wall_a, cpu_a), (wall_b, cpu_b) = times(rows[first]), times(rows[last])
    return (
        f"Growth of the cold compile from {sizes[0]:,} to {sizes[-1]:,} criteria "
        f"({sizes[-1] / sizes[0]:.0f}× the criteria): {cpu_b / cpu_a:.1f}× the CPU time, "
        f"{wall_b / wall_a:.1f}× the wall time (target: ≤ {sizes[-1] / sizes[0] * 1.1:.0f}×)."
    )


def _elapsed(started: datetime.datetime) -> str:
    seconds = (datetime.datetime.now(datetime.UTC) - started).total_seconds()
    return f"{seconds / 60:.1f} min"


def _full_build_rows(report: Report, name: str, found: dict[str, Series]) -> None:
    full, alone = found["full"], found["site"]
    report.row(
        name,
        "full build (every output, warm caches) vs site alone",
        _seconds(full),
        _seconds(alone),
        f"{_ratio(full.wall, alone.wall)} (CPU {_ratio(full.cpu, alone.cpu)})",
        "≤ 1.5×",
    )
    cold, cold_alone = found["cold full"], found["cold site"]
    report.row(
        name,
        "full build, cold (empty build folder: every document rendered) vs site alone, cold",
        f"{cold.wall:.2f} s (CPU {cold.cpu:.2f} s)",
        f"{cold_alone.wall:.2f} s (CPU {cold_alone.cpu:.2f} s)",
        f"{_ratio(cold.wall, cold_alone.wall)} (CPU {_ratio(cold.cpu, cold_alone.cpu)})",
        "—",
    )


def _preview_row(report: Report, name: str, times: dict[str, list[float]], target: str) -> None:
    import statistics

    ours, base = times["normkit"], times["mkdocs"]
    a, b = statistics.median(ours), statistics.median(base)
    report.row(
        name,
        "preview: save a chapter → browser shows the edit (serve)",
        f"{a:.2f} s ({min(ours):.2f}–{max(ours):.2f})",
        f"{b:.2f} s ({min(base):.2f}–{max(base):.2f}) mkdocs serve",
        _ratio(a, b),
        target,
    )


def _cores() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
