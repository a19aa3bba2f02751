"""The other outputs' files as downloads of the site, under `downloads/<output>/…`.

`normkit build` writes the site at the same time as the PDFs, DOCX files, JSON and diffs, so
the site cannot wait to see their files: it links the files those writers will write
(`planned_downloads`, from the same model and naming), and once every output is written the
build hard-links them under `site/downloads/` (`attach_downloads`). Plain `mkdocs build` and
`mkdocs serve` instead list and copy what is in the build folder (`output_files`).
"""

from __future__ import annotations

import os
from pathlib import Path

from normkit.build_folder import link_or_copy
from normkit.derived import Derived
from normkit.model.corpus import Corpus
from normkit.outputs.consultation.form import form_name
from normkit.outputs.consultation.json_files import report_path
from normkit.outputs.consultation.writer import consulted_versions
from normkit.outputs.context import BuildContext
from normkit.outputs.diff.changesets import version_pairs

DOWNLOADED_OUTPUTS = (
    "pdf",
    "docx",
    "json",
    "diff",
    "consultation",
    "oscal",
    "checklists",
    "crosswalks",
)


def output_files(root: Path) -> list[tuple[str, Path]]:
    """(`<output>/<path>`, file) for every file of the downloaded outputs under `root`, in
    path order; hidden files (caches, partial writes) left out."""
    found: list[tuple[str, Path]] = []
    for output in DOWNLOADED_OUTPUTS:
        folder = root / output
        if folder.is_dir():
            files: list[tuple[str, ...]] = []
            _collect(str(folder), (), files)
            files.sort()  # as paths sort: part by part
            found.extend(
                (f"{output}/{'/'.join(parts)}", folder.joinpath(*parts)) for parts in files
            )
    return found


def _collect(folder: str, parts: tuple[str, ...], files: list[tuple[str, ...]]) -> None:
    """The files under `folder` (through links to files, not into linked folders), by their
    parts below the output's folder. One directory read per folder: a `stat` per file, as
    `Path.rglob` and `is_file` made, cost 1,000s of system calls per build at 1,000
    criteria (every JSON file is a download)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                _collect(entry.path, (*parts, entry.name), files)
            elif entry.is_file():
                files.append((*parts, entry.name))


def _written_by(output: str, corpus: Corpus, derived: Derived | None) -> list[str]:
    """The per-version files `output` writes, named as its writer names them."""
    if output == "json":
        files = [
            f"json/{v.standard}/{v.name}.{suffix}"
            for v in corpus.versions()
            for suffix in ("json", "jsonl")
        ]
        files += [
            f"json/{v.standard}/{v.name}/criteria/{c.id}.json"
            for v in corpus.versions()
            for c in v.criteria()
        ]
        return files + [f"json/{report_path(r.standard, r.version)}" for r in corpus.consultations]
    if output in ("pdf", "docx"):
        names = [f"{v.standard}-{v.name}" for v in corpus.versions()]
        names += [f"{e.standard}-guidance-{e.name}" for e in corpus.guidance]
        if output == "pdf":
            names += [f"{r.standard}-{r.version}-consultation" for r in corpus.consultations]
        for translation in corpus.translations:  # `<output>/<language>/…` (print_jobs)
            names += [
                f"{translation.language}/{v.standard}-{v.name}"
                for v in translation.translated_versions()
            ]
            names += [
                f"{translation.language}/{e.standard}-guidance-{e.name}"
                for e in translation.guidance
                if e.translation is not None
            ]
            if output == "pdf":  # consultation reports of translated drafts (report_jobs)
                names += [
                    f"{translation.language}/{v.standard}-{v.name}-consultation"
                    for v in translation.translated_versions()
                    if translation.consultation(v) is not None
                ]
        return [f"{output}/{name}.{output}" for name in names]
    if output == "consultation":
        return [
            f"consultation/{form_name(v)}{suffix}"
            for v in consulted_versions(corpus)
            for suffix in (".xlsx", ".csv")
        ]
    if output == "oscal":
        from normkit.outputs.oscal.writer import planned_files

        return [f"oscal/{path}" for path in planned_files(corpus, derived)]
    if output == "crosswalks":
        from normkit.outputs.crosswalks.writer import planned_files as crosswalk_files

        return [f"crosswalks/{path}" for path in crosswalk_files(corpus, derived)]
    if output == "checklists":
        return [
            f"checklists/{v.standard}-{v.name}.{suffix}"
            for v in corpus.versions()
            for suffix in ("xlsx", "csv")
        ]
    if output == "diff":
        return [
            f"diff/{new.standard}/{old.name}..{new.name}.{suffix}"
            for old, new in version_pairs(corpus)
            for suffix in ("json", "pdf", "docx")
        ]
    return []


def planned_downloads(corpus: Corpus, context: BuildContext) -> list[str]:
    """What the site links: the files of outputs written in this build (by their writers'
    naming), and the files of outputs carried from the previous build (as they are)."""
    planned: list[str] = []
    carried = {path for path, _ in output_files(context.out)}
    for output in DOWNLOADED_OUTPUTS:
        if output in context.building:
            planned.extend(_written_by(output, corpus, context.derived))
        else:
            planned.extend(sorted(p for p in carried if p.startswith(f"{output}/")))
    return planned


def attach_downloads(corpus: Corpus, root: Path, context: BuildContext) -> None:
    """Hard-link every file of the other outputs into `root/site/downloads/` once they are
    all written; a linked file that no writer wrote is a bug (the naming drifted)."""
    if "site" not in context.building:  # a site carried from the last build keeps its own
        return
    downloads = os.path.join(root, "site", "downloads")
    files = output_files(root)
    missing = sorted(set(planned_downloads(corpus, context)) - {path for path, _ in files})
    if missing:
        raise RuntimeError(f"the site links downloads no output wrote: {', '.join(missing)}")
    made: set[str] = set()
    for path, source in files:
        target = os.path.join(downloads, path)
        folder = os.path.dirname(target)
        if folder not in made:  # once per folder, not per file
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        link_or_copy(str(source), target)
