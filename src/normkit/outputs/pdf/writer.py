"""`out/<standard>-<version>.pdf` and `out/<standard>-guidance-<edition>.pdf`, rendered in parallel
and reused from a content-hash cache when their input has not changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from normkit.model.corpus import Corpus
from normkit.outputs.consultation.printed import report_jobs
from normkit.outputs.context import BuildContext
from normkit.outputs.pdf import CACHE_FOLDER
from normkit.outputs.pdf.documents import edition_job, version_job
from normkit.outputs.pdf.engine import job_hash, render
from normkit.outputs.pdf.source import PrintJob
from normkit.outputs.render_cache import RenderCache
from normkit.translations.labels import labels_in


def print_jobs(corpus: Corpus, root: Path | None = None) -> list[PrintJob]:
    """One job per standard version and per guidance edition, and per translated version
    and edition in each language (`<language>/…`); `root` holds their images."""
    folder = str(root.resolve()) if root is not None else ""
    jobs = [
        version_job(corpus, standard, version, folder)
        for standard in corpus.standards
        for version in standard.versions
    ]
    jobs.extend(edition_job(corpus, edition, folder) for edition in corpus.guidance)
    jobs.extend(report_jobs(corpus))  # consultation reports
    for translation in corpus.translations:
        with labels_in(translation.language, translation.labels):
            jobs.extend(
                version_job(translation, standard, version, folder)
                for standard in translation.standards
                for version in standard.versions
                if version.translation is not None
            )
            jobs.extend(
                edition_job(translation, edition, folder)
                for edition in translation.guidance
                if edition.translation is not None
            )
            jobs.extend(report_jobs(translation))  # of the drafts it translates
    return jobs


def run_cached(
    jobs: list[tuple[str, str, object]],
    render_one: Callable[[object], bytes],
    out: Path,
    cache: Path,
    context: BuildContext,
) -> list[str]:
    """Copy cached files for known hashes, render the rest through `context.map` (in
    parallel, beside the build's other outputs); return the rendered names.

    `jobs` holds (file name, content hash, picklable job) triples. A cache entry that does
    not match its checksum is rendered again (`RenderCache`); entries no job asked for are
    removed, so the cache does not grow forever.
    """
    out.mkdir(parents=True, exist_ok=True)
    entries = RenderCache(cache)
    missing = []
    for file_name, digest, job in jobs:
        data = entries.get(digest, Path(file_name).suffix)
        if data is None:
            missing.append((file_name, digest, job))
        else:
            (out / file_name).parent.mkdir(parents=True, exist_ok=True)
            (out / file_name).write_bytes(data)
    entries.prune()
    if not missing:
        return []
    results = context.map(
        render_one, [job for _, _, job in missing], [name for name, _, _ in missing]
    )
    for (file_name, digest, _), data in zip(missing, results, strict=True):
        (out / file_name).parent.mkdir(parents=True, exist_ok=True)
        (out / file_name).write_bytes(data)
        entries.put(digest, Path(file_name).suffix, data)
    return [file_name for file_name, _, _ in missing]


def _render_job(job: object) -> bytes:
    assert isinstance(job, PrintJob)
    return render(job)


def write_pdf(corpus: Corpus, out: Path, context: BuildContext) -> None:
    """Every standard version and guidance edition as a PDF."""
    jobs: list[tuple[str, str, object]] = [
        (f"{job.name}.pdf", job_hash(job), job) for job in print_jobs(corpus, context.project)
    ]
    run_cached(jobs, _render_job, out, context.cache / CACHE_FOLDER, context)
