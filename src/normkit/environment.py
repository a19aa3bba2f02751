"""Failures of the environment normkit runs in: tools, file system, configuration.

Three kinds of problem, three channels: a problem in the sources is a diagnostic (exit 1);
a problem of the environment (pandoc, typst or Pagefind failing or missing, a broken
`mkdocs.yml`, a full or read-only disk) is an `EnvironmentFailure` (exit 2, one line and what
to do); anything else is a bug in normkit (exit 2, reported as an internal error).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

UTF8_LOCALE = "C.UTF-8"
"""Given to external tools: GHC-built tools (pandoc) encode arguments and file names with the
locale's encoding, so under `LC_ALL=C` they cannot open a file in a non-ASCII folder."""
REINSTALL = "reinstall normkit's dependencies (bash scripts/setup.sh, or pip install normkit)"


class EnvironmentFailure(Exception):
    """The environment stopped the build; `str()` is one line, `remedy` says what to do."""

    def __init__(self, message: str, remedy: str, details: str = "") -> None:
        # All three go to Exception.args so that the failure pickles across processes.
        super().__init__(message, remedy, details)

    @property
    def message(self) -> str:
        return str(self.args[0])

    @property
    def remedy(self) -> str:
        """What the user can do about it, as an imperative sentence."""
        return str(self.args[1])

    @property
    def details(self) -> str:
        """The tool's own output, shown with `--debug`."""
        return str(self.args[2])

    def __str__(self) -> str:
        return self.message


def tool_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """`os.environ` with a UTF-8 locale for external tools, plus `extra`."""
    return {**os.environ, "LC_ALL": UTF8_LOCALE, **(extra or {})}


def first_line(text: str) -> str:
    """The first non-blank line of a tool's message, for a one-line report."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "no message")


def run_tool(
    command: list[str],
    *,
    what: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> bytes:
    """Run an external tool and return its standard output.

    A missing tool or a non-zero exit is an `EnvironmentFailure` naming `what` was being done.
    """
    import subprocess  # here: every command imports this module, few run a tool

    try:
        done = subprocess.run(
            command,
            input=stdin,
            capture_output=True,
            env=tool_environment(env),
            cwd=cwd,
            check=False,
        )
    except OSError as error:
        raise EnvironmentFailure(
            f"cannot run {Path(command[0]).name} for {what}: {error.strerror or error}",
            REINSTALL,
        ) from error
    if done.returncode != 0:
        message = (done.stderr or done.stdout).decode("utf-8", errors="replace")
        raise EnvironmentFailure(
            f"{Path(command[0]).name} failed on {what}: {first_line(message)}",
            f"run with --debug for its full output; if it names a file, check it; else {REINSTALL}",
            message,
        )
    return done.stdout


WRITE_REMEDY = "check free space and permissions of the output folder, or choose another with --out"
READ_REMEDY = "check that the project's files and folders are readable"


@contextmanager
def file_system_failures(action: str, remedy: str = WRITE_REMEDY) -> Iterator[None]:
    """Turn an `OSError` (disk full, permission denied, read-only) into an `EnvironmentFailure`
    saying normkit could not `action` ("write the pdf output")."""
    try:
        yield
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        raise EnvironmentFailure(
            f"cannot {action}: {error.strerror or error}{where}", remedy
        ) from error


@cache
def pandoc_path() -> str:
    """The pandoc binary bundled by `pypandoc-binary`, or the one `PYPANDOC_PANDOC` names
    (as pypandoc itself allows). Found without asking pypandoc, which imports slowly and
    runs every pandoc it can find with `--version` to pick the newest: 0.1–0.3 s in every
    process that renders or lays out a document, and a pandoc that depends on the PATH."""
    for candidate in _pandoc_candidates():
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    import pypandoc

    try:
        return str(pypandoc.get_pandoc_path())
    except OSError as error:
        raise EnvironmentFailure(f"pandoc is missing: {error}", REINSTALL) from error


def _pandoc_candidates() -> list[str]:
    named = os.environ.get("PYPANDOC_PANDOC")
    if named:
        return [os.path.expanduser(named)]
    spec = importlib.util.find_spec("pypandoc")  # finds the package without running it
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    return [os.path.join(folder, "files", "pandoc") for folder in folders]


@cache
def pandoc_identity() -> str:
    """What tells this pandoc from another in the keys of stored renderings and in the digest
    of a draft's layout, which a register keeps for every clone of the project
    (`sources/issued_lines.py`). The bundled binary is named by the hash its wheel records
    for it (the same in every installation of that wheel, wherever it is), once its size is
    found to be the one recorded; another binary by its path, size and modification time,
    which an upgrade or another installation changes. Cheaper than running `pandoc --version`
    in every worker process, and as safe for a key: the same file is the same pandoc."""
    path = pandoc_path()
    status = os.stat(path)
    recorded = _recorded_hash(path, status.st_size)
    if recorded is not None:
        return f"{BUNDLED}\0{recorded}\0{status.st_size}"
    return f"{path}\0{status.st_size}\0{status.st_mtime_ns}"


BUNDLED = "pypandoc_binary"
"""The distribution that bundles pandoc, as its `.dist-info` folder is named."""


def _recorded_hash(path: str, size: int) -> str | None:
    """The hash that the RECORD of the installed pypandoc-binary gives the file at `path`, if
    `path` is the binary it installed (`<site>/pypandoc/files/pandoc`) and it still has the
    size recorded; None otherwise, or if there is not exactly one such RECORD."""
    files = os.path.dirname(path)
    package = os.path.dirname(files)
    if (os.path.basename(package), os.path.basename(files)) != ("pypandoc", "files"):
        return None
    site = os.path.dirname(package)
    name = f"pypandoc/files/{os.path.basename(path)},"
    try:
        infos = [
            entry
            for entry in os.listdir(site)
            if entry.startswith(f"{BUNDLED}-") and entry.endswith(".dist-info")
        ]
        if len(infos) != 1:
            return None
        with open(os.path.join(site, infos[0], "RECORD"), encoding="utf-8") as record:
            line = next((line for line in record if line.startswith(name)), None)
    except (OSError, UnicodeDecodeError):
        return None
    if line is None:
        return None
    digest, _, recorded_size = line.strip()[len(name) :].partition(",")
    if not digest.startswith("sha256=") or recorded_size != str(size):
        return None
    return digest
