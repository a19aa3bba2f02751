"""Outputs written side by side (`--jobs`), progress as bars, lines or nothing, and the site's
downloads linked before the files they name exist."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit import parallel
from normkit.cli import main
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.registry import available
from normkit.outputs.site.downloads import output_files, planned_downloads
from normkit.progress import Bars, Lines, Silent, progress_for
from tests.build.conftest import visible_build
from tests.spine.miniprojects import materialise


def normkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normkit", *args], capture_output=True, text=True, check=False
    )


FROM_THE_FORK_SERVER = """
import sys
from normkit import parallel
from normkit import parallel
from normkit.cli import main
parallel.native_threads_started("a test")  # as after typst ran here: no fork
assert not parallel.fork_is_safe()
main(sys.argv[1:])
"""


@pytest.mark.slow
def test_one_or_two_jobs_write_the_same_bytes(tmp_path: Path) -> None:
    """With one job, with two forked from the build, with two from the fork server."""
    project = materialise(None, tmp_path / "p")
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        result = normkit("build", "-q", "-j", jobs, "--project", str(project), "--out", str(out))
        assert result.returncode == 0, result.stderr
    where = ["--project", str(project), "--out", str(tmp_path / "server")]
    result = subprocess.run(
        [sys.executable, "-c", FROM_THE_FORK_SERVER, "build", "-q", "-j", "2", *where],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    one, two = visible_build(tmp_path / "jobs-1"), visible_build(tmp_path / "jobs-2")
    assert one == two == visible_build(tmp_path / "server")
    # The base project has no draft out for consultation: that output writes no file.
    assert {path.split("/")[0] for path in one} == set(available()) - {"consultation"}


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    result = CliRunner().invoke(main, ["build", "--jobs", "0", "--project", str(project)])
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_plain_lines_when_not_a_terminal_and_nothing_when_quiet(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    result = normkit("build", "--only", "json,pdf,site", "--jobs", "2", "--project", str(project))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    for output in ("json", "pdf", "site"):
        assert f"normkit: {output}: started" in lines
        assert any(line.startswith(f"normkit: {output}: done in ") for line in lines)
    assert any(line.startswith("normkit: pdf: 1/4 demo-") for line in lines)
    assert not any("\x1b[" in line for line in lines), "no terminal codes in a log"
    quiet = normkit("build", "-q", "--only", "json,pdf,site", "--project", str(project))
    assert quiet.returncode == 0
    assert quiet.stderr == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_on_a_terminal() -> None:
    stream = Terminal()
    threads = threading.active_count()
    progress = progress_for(False, stream)
    assert isinstance(progress, Bars)
    progress.started("pdf")
    # Bars start no thread of their own, so a build on a terminal still forks its workers.
    assert threading.active_count() == threads
    progress.documents("pdf", 2)
    progress.document_done("pdf", "a.pdf")
    progress.document_done("pdf", "b.pdf")
    progress.finished("pdf")
    progress.started("site")
    progress.finished("site")
    progress.close()
    text = stream.getvalue()
    assert "pdf" in text and "2/2" in text and "site" in text and "1/1" in text
    assert isinstance(progress_for(True, Terminal()), Silent)
    assert isinstance(progress_for(False, io.StringIO()), Lines)


def test_the_site_links_exactly_what_the_writers_write(demo_corpus: Corpus, demo_out: Path) -> None:
    """The site is written at the same time as the files it links: it names them in
    advance from the model; every name must be a file a writer wrote."""
    context = BuildContext(project=demo_out, out=demo_out, cache=demo_out, building=available())
    planned = planned_downloads(demo_corpus, context)
    written = {path for path, _ in output_files(demo_out)}
    assert planned and set(planned) <= written
    schemas = ("json/schema", "diff/schema", "checklists/schema")
    per_version = {p for p in written if not p.startswith(schemas)}
    per_version -= {"json/index.json"}
    per_version = {p for p in per_version if "/guidance/" not in p}
    assert per_version == set(planned), "every per-version file is linked"
    mirrored = {
        path.relative_to(demo_out / "site" / "downloads").as_posix()
        for path in (demo_out / "site" / "downloads").rglob("*")
        if path.is_file()
    }
    assert mirrored == written


def test_workers_are_forked_only_from_a_process_without_other_threads() -> None:
    """A forked worker would inherit, held, any lock another thread holds at that moment."""
    assert threading.active_count() > 1 or parallel.fork_is_safe() == (not parallel._native_threads)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel.fork_is_safe()
    finally:
        stop.set()
        other.join()
