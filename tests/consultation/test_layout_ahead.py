"""Consultation drafts are laid out on threads while the rest of the project is read
(`outputs/pdf/layout_ahead.py`): once each, with the same line numbers as laid out in line,
and with no process forked while such a thread runs."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from normkit import cache_entries, pipeline
from normkit.cache_entries import saving_in_background
from normkit.outputs.pdf import lines, writer
from normkit.outputs.pdf.engine import job_hash, render
from normkit.outputs.pdf.layout_ahead import LayoutsAhead
from normkit.outputs.pdf.writer import print_jobs
from normkit.pipeline import CheckResult, build_project, check_project
from tests.spine.miniprojects import materialise

DRAFTS = ["demo-v1", "demo-v2"]
"""The drafts of `ok--consultation` whose registers hold forms."""


def _layouts_running() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("layout")]


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(document, thread) of every layout from now on, none remembered from other tests."""
    found: list[tuple[str, str]] = []
    layout = lines.layout_positions

    def counted(job: lines.PrintJob, printed: lines.RenderCache | None = None) -> dict[str, object]:
        found.append((job.name, threading.current_thread().name))
        return layout(job, printed)

    monkeypatch.setattr(lines, "layout_positions", counted)
    monkeypatch.setattr(lines, "_LAID_OUT", {})
    return found


def _check(
    root: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[CheckResult, list[list[str]], list[tuple[list[str], bool]]]:
    """`normkit check`'s read with `jobs`, its caches saved as in the command: the layout
    threads alive at each fork, and at the final save with whether it forked a child."""
    forks: list[list[str]] = []
    saves: list[tuple[list[str], bool]] = []
    fork, save = cache_entries._fork, pipeline.save_entries

    def forked() -> int | None:
        forks.append(_layouts_running())
        return fork()

    def saved(*args: object, **kwargs: object) -> None:
        running, before = _layouts_running(), len(forks)
        save(*args, **kwargs)  # type: ignore[arg-type]
        saves.append((running, len(forks) > before))

    monkeypatch.setattr(cache_entries, "_fork", forked)
    monkeypatch.setattr(pipeline, "save_entries", saved)
    with saving_in_background():
        result = check_project(root, keep_parses=True, jobs=jobs)
    return result, forks, saves


def test_drafts_are_laid_out_on_a_thread_and_the_saving_child_waits_for_it(
    tmp_path: Path, laid_out: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = materialise("ok--consultation", tmp_path / "project")
    result, forks, saves = _check(root, 2, monkeypatch)
    assert sorted(name for name, _ in laid_out) == DRAFTS  # each once
    assert all(thread.startswith("layout") for _, thread in laid_out)
    assert all(running == [] for running in forks)  # versions saved ahead, before the layout
    # The rest saved once no layout thread was left, in this process: typst's own threads
    # may still be there (`forking.native_threads_started`), so no child is forked.
    assert saves == [([], False)]
    assert _layouts_running() == []
    assert len(list((root / "build/.cache/lines").iterdir())) == 2  # kept for the next check

    again = materialise("ok--consultation", tmp_path / "in-line")
    monkeypatch.setattr(lines, "_LAID_OUT", {})
    in_line, _, _ = _check(again, 1, monkeypatch)
    assert [thread for _, thread in laid_out[2:]] == ["MainThread", "MainThread"]
    assert [d.format() for d in in_line.diagnostics] == [d.format() for d in result.diagnostics]
    assert in_line.corpus.consultations == result.corpus.consultations

    laid_out.clear()
    monkeypatch.setattr(lines, "_LAID_OUT", {})
    _check(root, 2, monkeypatch)  # the line maps are stored: no thread, no layout
    assert laid_out == []


def test_a_layout_that_fails_on_its_thread_fails_where_its_lines_are_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = materialise("ok--consultation", tmp_path / "project")

    def failing(job: lines.PrintJob, printed: lines.RenderCache | None = None) -> dict[str, object]:
        raise lines.EnvironmentFailure(f"typst failed laying out {job.name}", "report it")

    monkeypatch.setattr(lines, "layout_positions", failing)
    monkeypatch.setattr(lines, "_LAID_OUT", {})
    with pytest.raises(lines.EnvironmentFailure, match="typst failed laying out demo-v"):
        check_project(root, jobs=2)
    assert _layouts_running() == []


def test_what_waits_for_the_threads_runs_once_they_have_ended() -> None:
    ahead = LayoutsAhead(Path("."), None, jobs=2)
    done: list[str] = []
    ahead.after(lambda: done.append("no thread: at once"))
    assert done == ["no thread: at once"]
    from concurrent.futures import ThreadPoolExecutor

    release = threading.Event()
    ahead._pool = ThreadPoolExecutor(1, thread_name_prefix="layout")
    ahead._pool.submit(release.wait)
    ahead.after(lambda: done.append(f"after: {_layouts_running()}"))
    assert len(done) == 1
    release.set()
    ahead.finish()
    assert done[1] == "after: []"
    assert not ahead.running


def test_one_job_or_no_draft_starts_no_thread(tmp_path: Path) -> None:
    root = materialise("ok--consultation", tmp_path / "project")
    for jobs, drafts in ((1, ["a draft"]), (2, [])):
        ahead = LayoutsAhead(root, None, jobs)
        ahead.start(None, drafts)  # type: ignore[arg-type]  # neither is looked at
        assert not ahead.running


def test_without_fork_the_drafts_are_laid_out_on_a_thread_all_the_same(
    tmp_path: Path, laid_out: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = materialise("ok--consultation", tmp_path / "project")
    monkeypatch.delattr("os.fork")  # as on Windows: the caches are saved in this process
    with saving_in_background():
        result = check_project(root, keep_parses=True, jobs=2)
    assert sorted(laid_out) == [(name, "layout_0") for name in DRAFTS]
    assert result.ok
    assert len(list((root / "build/.cache/lines").iterdir())) == 2
    assert (root / "build/.cache/parses").is_dir()  # saved once the thread had ended


def test_a_build_that_prints_lays_a_draft_in_consultation_out_once(
    tmp_path: Path, laid_out: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The layout made for a draft's line numbers is printed to its PDF too (typst reuses
    it), into the PDF output's cache, where the PDF output finds it instead of laying the
    draft out again; the bytes are those of a PDF rendered on its own. A draft whose round
    is over (demo-v1, superseded) prints as it is now, another document: the PDF output
    renders it. (One job: the PDF output renders in this process, where it is counted.)"""
    root = materialise("ok--consultation", tmp_path / "project")
    rendered: list[str] = []
    render_job = writer._render_job

    def counted(job: object) -> bytes:
        assert isinstance(job, lines.PrintJob)
        rendered.append(job.name)
        return render_job(job)

    monkeypatch.setattr(writer, "_render_job", counted)
    out = tmp_path / "build"
    result = build_project(root, out, ("pdf",), jobs=1)
    assert result.check.ok
    assert sorted(name for name, _ in laid_out) == DRAFTS
    assert "demo-v1" in rendered
    assert "demo-v2" not in rendered
    printed = next(out.glob("*/pdf/demo-v2.pdf")).read_bytes()
    job = next(j for j in print_jobs(result.check.corpus, root) if j.name == "demo-v2")
    assert printed == render(job)


def test_a_draft_laid_out_on_a_thread_is_printed_there_too(
    tmp_path: Path, laid_out: list[tuple[str, str]]
) -> None:
    root = materialise("ok--consultation", tmp_path / "project")
    pdfs = tmp_path / "pdf"
    result = check_project(root, cache=tmp_path / "cache", jobs=2, printed=pdfs)
    assert result.ok
    assert sorted(laid_out) == [(name, "layout_0") for name in DRAFTS]
    job = next(j for j in print_jobs(result.corpus, root) if j.name == "demo-v2")
    assert (pdfs / f"{job_hash(job)}.pdf").read_bytes() == render(job)
    assert len(list(pdfs.glob("*.pdf"))) == 1  # not the superseded draft's


def test_each_drafts_document_is_made_once_per_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document `start` made for a draft serves its line map too, unless the model as
    finally read has other standards, guidance or glossary than the one it was made from."""
    root = materialise("ok--consultation", tmp_path / "project")
    made: list[tuple[str, int]] = []
    make = lines.draft_job

    def counted(corpus: lines.Corpus, version: lines.Version, at: Path) -> tuple[object, str]:
        made.append((version.key, id(corpus)))
        return make(corpus, version, at)

    monkeypatch.setattr(lines, "draft_job", counted)
    for jobs in (2, 2, 1):  # laid out, then the line maps stored; in line
        made.clear()
        result, _, _ = _check(root, jobs, monkeypatch)
        assert sorted(key for key, _ in made) == ["demo@v1", "demo@v2"]
    assert result.ok

    layouts = LayoutsAhead(root, None, 2)
    layouts._jobs = [
        (result.corpus, version, *make(result.corpus, version, root))
        for version in result.corpus.versions()
    ]
    made.clear()
    version = next(result.corpus.versions())
    assert layouts.draft_job(result.corpus, version) == layouts._jobs[0][2:]
    assert made == []
    other = replace(result.corpus, guidance=result.corpus.guidance[1:])
    layouts.draft_job(other, version)
    assert made == [(version.key, id(other))]
