"""The build, phase by phase: read → check → stage every output → make the build visible.

Like MkDocs' `build()`, a sequence of phases: no output is written unless the sources are
free of errors (only the caches of what was read), and nothing becomes visible unless every
output was written (`build_folder.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normkit.assemble.consultation import drafts_with_forms, received_workbooks
from normkit.assemble.project import load_corpus
from normkit.assemble.reading_order import chapter_folders
from normkit.assemble.renderers import rendering_ahead
from normkit.assemble.reuse import assemblies_kept, current_cache
from normkit.assemble.stored_assemblies import SAVED_AHEAD_FROM, StoredAssemblies
from normkit.build_folder import CACHE, BuildFolder
from normkit.cache_entries import PickleEntries, save_ahead, save_entries, wait_for_left_saves
from normkit.cascades import without_cascades
from normkit.checks import run_checks
from normkit.checks.cited_lines import LineMaps, check_cited_lines
from normkit.collector import collection_paused
from normkit.derived import Derived
from normkit.diagnostics import Diagnostic, Severity, sort_diagnostics
from normkit.environment import READ_REMEDY, file_system_failures
from normkit.forking import default_jobs
from normkit.mkdocs_yml import site_settings
from normkit.model.corpus import Corpus
from normkit.model.standard import Version
from normkit.outputs.pdf.layout_ahead import LayoutsAhead
from normkit.sources.documents import current_parses, parses_kept
from normkit.sources.files import reads_ahead
from normkit.sources.parse_ahead import chapter_sources, reap_stopped
from normkit.sources.sheets_ahead import SheetsAhead, sheets_read_ahead
from normkit.sources.stored_parses import StoredParses
from normkit.sources.stored_sheets import StoredSheets, sheets_kept
from normkit.sources.tree import scan_project
from normkit.translations.stored_catalogs import StoredCatalogs, catalogs_kept

if TYPE_CHECKING:
    from normkit.head_start import HeadStart
    from normkit.model.consultation import LineMap
    from normkit.outputs.context import BuildContext
    from normkit.progress import Progress


@dataclass(slots=True)
class CheckResult:
    """What `check_project` read, found and derived."""

    corpus: Corpus
    diagnostics: list[Diagnostic]
    strict: bool = False
    derived: Derived | None = None
    """What the checks derived from the model (changesets), for the outputs to reuse."""
    stored: tuple[StoredParses, StoredAssemblies, StoredSheets, StoredCatalogs] | None = None
    """The parsed chapters, built versions, workbooks' sheets and translation catalogs this
    read loaded or made (`sources/stored_parses.py`, `assemble/stored_assemblies.py`,
    `sources/stored_sheets.py`, `translations/stored_catalogs.py`)."""

    def save_stored(self, create: bool = False, leave: bool = False) -> None:
        """Write what this read made for the next one (`create`: even where there is no
        build folder yet; `leave`: in a child the command does not wait for, as it ends
        now: `check_project`'s `save_read`)."""
        if self.stored is not None:
            _save(*self.stored, create=create, leave=leave)

    @property
    def errors(self) -> list[Diagnostic]:
        return [
            d
            for d in self.diagnostics
            if d.severity is Severity.ERROR or (self.strict and d.severity is Severity.WARNING)
        ]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class BuildResult:
    """What `build_project` checked, wrote and kept."""

    check: CheckResult
    written: list[str] = field(default_factory=list)
    """Outputs written by this build."""
    carried: list[str] = field(default_factory=list)
    """Outputs not rebuilt (`--only`), kept from the previous build in the new one."""
    unchanged: list[str] = field(default_factory=list)
    """Outputs of this build whose inputs did not change since the previous one: its files,
    kept (`outputs/unchanged.py`)."""


UNGUIDED = frozenset({"json"})
"""Outputs that show no guidance in a translation's language (`translate_corpus`)."""


def check_project(
    root: Path,
    strict: bool = False,
    cache: Path | None = None,
    layout: bool = True,
    keep_parses: bool = False,
    jobs: int | None = None,
    printed: Path | None = None,
    started: HeadStart | None = None,
    guidance_shown: bool = True,
    save_read: bool = True,
) -> CheckResult:
    """Read every source and run every check; nothing is written but caches.

    Lines cited by consultation comments are checked against the drafts' PDF layout
    (`layout`), laid out once and kept in `cache` (default: the project's `build/.cache`,
    when that folder exists or `keep_parses`); with more than one job, on threads while the
    rest of the project is read (`outputs/pdf/layout_ahead.py`). A build that writes PDFs
    gives their cache as `printed`: a draft laid out is printed there from the same layout
    (`outputs/pdf/lines.py`), and the PDF output finds it done. Parsed chapters are loaded
    from there and stored there (`StoredParses`), and so are built versions
    (`StoredAssemblies`) and what was read from workbooks (`StoredSheets`: consultation
    forms) and translation catalogs (`StoredCatalogs`), when the build folder exists, or
    always with `keep_parses` (the `check` command: a checker keeps its cache, as mypy and
    ruff do); a build stores them once it made the folder. A session that keeps its own
    (`normkit serve`) does not use them. Chapters whose parse is not stored are parsed on up
    to `jobs` processes (default: the number of cores) where that pays
    (`sources/parse_ahead.py`), or were from the command's start (`started`: `head_start.py`);
    with more than one job, registers' workbooks whose sheets are not stored are read by a
    forked child meanwhile (`sources/sheets_ahead.py`), and so are the translation catalogs
    where none is stored (`translations/catalogs_ahead.py`). Without `guidance_shown`, the
    translations' guidance is not made where nothing shows it (`translate_corpus`).
    Without `save_read`, what the read made and no save ahead wrote is left for the caller
    to save (`CheckResult.save_stored`: the `check` command, once it has checked).
    """
    cores = jobs or default_jobs()
    pdfs = None
    if printed is not None:  # a build's: `check` never imports it
        from normkit.outputs.render_cache import RenderCache

        pdfs = RenderCache(printed)
    if current_parses() is not None or current_cache() is not None:
        if started is not None:  # (a session parses through its own cache)
            started.parses.stop_parsing_ahead()
        layouts = LayoutsAhead(root, _lines_cache(root, cache), cores, pdfs) if layout else None
        with collection_paused():  # a session's own caches (`normkit serve`)
            try:
                return _check(
                    root, strict, cache, layout, layouts=layouts, guidance_shown=guidance_shown
                )
            finally:
                reap_stopped()
    folder = cache if cache is not None else root / "build" / CACHE
    lines = folder if keep_parses else cache  # the `check` command makes the build folder
    layouts = LayoutsAhead(root, _lines_cache(root, lines), cores, pdfs) if layout else None
    stores: list[PickleEntries] = []

    def built() -> None:  # a version: saved while the next is built (the chapters are parsed)
        if save_read:  # (else all of it once checked, by a child nobody waits for)
            save_ahead(stores[:2], create=keep_parses)

    if started is not None and started.cache != folder:
        started.parses.stop_parsing_ahead()
        started = None
    if started is None:  # (else it waited)
        wait_for_left_saves(folder)
    parses = started.parses if started is not None else StoredParses(folder)
    assemblies = StoredAssemblies(folder, built)
    sheets, catalogs = StoredSheets(folder), StoredCatalogs(folder)
    stores += [parses.entries, assemblies.entries, sheets.entries, catalogs.entries]

    def save() -> None:  # once every source is read: while the checks run, in a command
        parses.stop_parsing_ahead()
        if not save_read:
            return  # (the caller's, after the checks)
        # It forks the saving child: not while a draft is laid out on a thread.
        if layouts is None:
            save_rest()
        else:
            layouts.after(save_rest)

    def save_rest() -> None:  # (`check`, which keeps its parses, ends with the checks)
        _save(parses, assemblies, sheets, catalogs, create=keep_parses, alone=keep_parses)

    forms = SheetsAhead()

    def ahead() -> None:  # before the read: the chapters it will parse, on every core
        if cores > 1 and started is None:
            parses.parse_ahead(chapter_sources(root, chapter_folders(root)), cores)
        if cores > 1:  # the translation catalogs, read once the sources are
            catalogs.read_ahead(root)
        if cores > 1:  # and the workbooks it will read, whose sheets are not stored
            try:
                workbooks = received_workbooks(root)
            except OSError:
                return  # a folder that cannot be listed: the read reports it, if it reads it
            if workbooks:  # (the comment form's module: only for a project with forms)
                from normkit.metadata.comment_form import SHEET_NAME

                forms.start(sheets.unstored(workbooks, SHEET_NAME), SHEET_NAME)

    # A command reads once and keeps the model to its end: out of the collector's reach.
    kept = parses_kept(parses), assemblies_kept(assemblies)
    with (
        collection_paused(freeze=True),
        kept[0],
        kept[1],
        sheets_kept(sheets),
        sheets_read_ahead(forms),
        catalogs_kept(catalogs),
        rendering_ahead(cores),
    ):
        reads = started.reads if started is not None else None
        try:
            result = _check(
                root, strict, lines, layout, save, ahead, layouts, reads, guidance_shown
            )
        finally:
            forms.stop()
            catalogs.stop_reading_ahead()
            reap_stopped()  # the render helpers, stopped without waiting for them to end
    result.stored = (parses, assemblies, sheets, catalogs)
    return result


def _save(
    parses: StoredParses,
    assemblies: StoredAssemblies,
    sheets: StoredSheets,
    catalogs: StoredCatalogs,
    create: bool,
    alone: bool = False,
    leave: bool = False,
) -> None:
    """What the read made and no save ahead wrote: in a forked child if that pays (the
    versions built since rendered `SAVED_AHEAD_FROM` criteria, or workbooks or catalogs were
    read), else in this process. `alone`: the command ends with the checks (`check`), and
    the child would run beside nothing but them: the checks and the child's pickler walk the
    same model, and while they share its pages each page either writes is copied (1,000
    generated criteria: the checks took 38 ms beside the child, 7.5 ms alone, and the
    command then waited 12 ms for the child), so this process writes them. `leave`: the
    command ends now and does not wait for the child (`save_entries`), which costs it
    a fork, whatever the child then writes (a cold check at 10,000 criteria wrote its last
    version itself for ~190 ms, at 1,000 for ~12 ms)."""
    fork = leave or (
        not alone
        and (
            assemblies.unsaved >= SAVED_AHEAD_FROM
            or any(stored.entries.pending for stored in (sheets, catalogs))
        )
    )
    stores = [parses.entries, assemblies.entries, sheets.entries, catalogs.entries]
    save_entries(stores, create, fork, leave)


def _check(
    root: Path,
    strict: bool,
    cache: Path | None,
    layout: bool,
    read: Callable[[], None] = lambda: None,
    ahead: Callable[[], None] = lambda: None,
    layouts: LayoutsAhead | None = None,
    reads: dict[Path, Any] | None = None,
    guidance_shown: bool = True,
) -> CheckResult:
    """`ahead`: called before the sources are read; `read`: once every source is read;
    `layouts`: lays the drafts out from when the standards are built; `reads`: the files
    read ahead already (`files.reads_ahead`); `guidance_shown`: as `translate_corpus`."""

    def standards_built(found: Corpus) -> None:
        if layouts is not None:
            layouts.start(found, drafts_with_forms(root, found.standards))

    try:
        with file_system_failures("read the sources", READ_REMEDY):
            settings = site_settings(root)
            diagnostics = scan_project(root, settings.folders)
            with reads_ahead(reads):  # what was read ahead, the read takes: not read again
                ahead()
                corpus, problems = load_corpus(root, settings.site_name, standards_built)
            diagnostics.extend(problems)
            problems = []
            if _may_be_translated(root, corpus):
                from normkit.translations.localize import translate_corpus

                # (reads the catalogs)
                corpus, problems = translate_corpus(root, corpus, guidance_shown)
            read()
        diagnostics.extend(problems)
        derived = Derived(corpus)
        diagnostics.extend(run_checks(corpus, derived))
        if layout and not any(_in_sources(d) for d in diagnostics):
            maps = _line_maps(corpus, root, cache, layouts)
            diagnostics.extend(check_cited_lines(corpus, maps))
    finally:
        if layouts is not None:
            layouts.finish()  # then what waited for the threads to end (the saving child)
    diagnostics = without_cascades(corpus, diagnostics)
    return CheckResult(
        corpus=corpus, diagnostics=sort_diagnostics(diagnostics), strict=strict, derived=derived
    )


def _may_be_translated(root: Path, corpus: Corpus) -> bool:
    """Whether `translate_corpus` has anything to do: a language declared, or a
    `translations/` folder (whose catalogs it reports if no version declares them). Most
    projects have neither, and their check does not import the translation modules (the
    catalogs' reader, the translated texts and versions: about 11 M instructions)."""
    if (root / "translations").is_dir():
        return True
    return any(version.languages for version in corpus.versions()) or any(
        edition.languages for edition in corpus.guidance
    )


def _in_sources(found: Diagnostic) -> bool:
    """An error in the standards themselves: their layout would mean nothing (a register's
    own errors do not change it)."""
    return found.severity is Severity.ERROR and not found.code.code.startswith("consultation.")


def _lines_cache(root: Path, cache: Path | None) -> Path | None:
    """Where line maps are kept: `cache`, else the build folder's cache where it exists."""
    if cache is None and (root / "build").is_dir():
        return root / "build" / CACHE
    return cache


def _line_maps(
    corpus: Corpus, root: Path, cache: Path | None, layouts: LayoutsAhead | None
) -> LineMaps:
    cache = _lines_cache(root, cache)
    found: dict[str, LineMap] = {}

    def line_map(version: Version) -> LineMap:
        if version.key not in found:
            from normkit.outputs.pdf.lines import version_line_map

            if layouts is None:
                found[version.key] = version_line_map(corpus, version, root, cache)
            else:
                job = layouts.draft_job(corpus, version)
                found[version.key] = version_line_map(
                    corpus, version, root, cache, layouts.positions, layouts.printed, job
                )
        return found[version.key]

    return line_map


def build_project(
    root: Path,
    out: Path,
    outputs: tuple[str, ...],
    strict: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    started: HeadStart | None = None,
    save_read: bool = True,
) -> BuildResult:
    """Check, then write `outputs` into a new generation of `out` and make it visible in one
    step; on content errors no output is written, on any failure the previous build stays.
    `started`: the chapters parsing from the command's start (`head_start.py`), for the
    build folder `out`. Without `save_read`, what the read made is left for the caller to
    save (`CheckResult.save_stored`: the `build` command, once it has built)."""
    # What only a build needs (worker processes, output contexts) is imported here, so that
    # `check` never pays for it.
    from normkit.assemble.consultation import today
    from normkit.outputs.context import BuildContext
    from normkit.outputs.pdf import CACHE_FOLDER as PDF_CACHE
    from normkit.outputs.registry import available, output
    from normkit.outputs.unchanged import UnchangedOutputs, output_key, project_inputs
    from normkit.parallel import needs_workers, start_workers_early, write_outputs
    from normkit.progress import Silent

    jobs = jobs or default_jobs()
    progress = progress or Silent()
    if jobs > 1 and needs_workers([output(name) for name in outputs]):
        start_workers_early()  # their imports overlap the check
    folder = BuildFolder(out, available())
    inputs = project_inputs(root, out)  # before the sources are read: an edit meanwhile counts
    day = today().isoformat()  # the day the model is read on (a round closes on a day)
    # A draft laid out for its line numbers is printed from that layout when PDFs are built.
    printed = folder.cache / PDF_CACHE if "pdf" in outputs else None
    result = BuildResult(
        check=check_project(
            root,
            strict,
            folder.cache,
            jobs=jobs,
            printed=printed,
            started=started,
            guidance_shown=not set(outputs) <= UNGUIDED,
            save_read=save_read,
        )
    )
    if today().isoformat() != day:
        inputs = None  # read across midnight: which day the model holds is not known
    if not result.check.ok:
        folder.tidy()
        return result
    corpus = result.check.corpus
    kept = [name for name in available() if name not in outputs]
    with file_system_failures("write the build folder"), folder.locked(progress.note):
        folder.clean()  # what a killed build left behind
        record = UnchangedOutputs(folder.cache)
        keys = {
            name: output_key(inputs, name, outputs, day)
            for name in outputs
            if inputs is not None and not output(name).finish  # the site links the others
        }
        with folder.staging() as staging:  # removed if anything below fails
            result.carried = folder.carry_forward(staging, kept)  # --only: keep the rest
            visible = folder.visible()
            same = [name for name, key in keys.items() if record.unchanged(name, key, visible)]
            result.unchanged = folder.carry_forward(staging, same)
            if result.unchanged:
                progress.note(f"unchanged since the last build, kept: {', '.join(same)}")
            writing = [name for name in outputs if name not in result.unchanged]
            derived = result.check.derived or Derived(corpus)
            if any(output(name).changesets for name in writing):
                derived.complete()  # once, before the workers that read changesets start
            # A first build's caches (the folder is new), saved once the changesets are
            # made: a child saving them shares this process's pages, and each page written
            # after its fork is copied (~1,200 copies fewer at 1,000 criteria, ~2,700 at
            # NIST's 2,111). A JSON-only build's writer saves them right after it forks its
            # own child, if it does (`BuildContext.save_caches`). (Without `save_read`,
            # the caller saves them once the build is over.)
            saved = not save_read

            def save() -> None:
                nonlocal saved
                if not saved:
                    saved = True
                    result.check.save_stored(create=True)

            delegated = writing == ["json"] and save_read  # (in this process: no workers)
            if not delegated:
                save()
            context = BuildContext(
                project=root,
                out=staging,
                cache=folder.cache,
                jobs=jobs,
                building=outputs,
                derived=derived,
                previous=visible,  # its files may be linked where bytes are equal
                save_caches=save if delegated else None,
            )
            write_outputs(corpus, [output(name) for name in writing], context, jobs, progress)
            save()  # (where the writer did not)
            _finish(corpus, staging, context)  # what needs every output (site downloads)
            generation = folder.publish(staging)  # the one step that makes it visible
        record.record(generation, keys, result.unchanged, result.carried, context.listings)
    result.written = list(outputs)
    return result


def _finish(corpus: Corpus, staging: Path, context: BuildContext) -> None:
    """What needs every output written first (the site's downloads)."""
    from normkit.outputs.registry import load, output

    for name in context.building:
        if output(name).finish:
            with file_system_failures(f"write the {name} output"):
                load(output(name).finish)(corpus, staging, context)
