"""The build, phase by phase: read → check → write each output into a temporary folder → swap."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from normkit.assemble.project import load_corpus
from normkit.checks import run_checks
from normkit.diagnostics import Diagnostic, Severity, sort_diagnostics
from normkit.environment import file_system_failures
from normkit.mkdocs_yml import site_settings
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.registry import load_writer
from normkit.sources.tree import scan_project


@dataclass(slots=True)
class CheckResult:
    corpus: Corpus
    diagnostics: list[Diagnostic]
    strict: bool = False

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR or self.strict]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class BuildResult:
    check: CheckResult
    written: list[str] = field(default_factory=list)


def check_project(root: Path, strict: bool = False) -> CheckResult:
    """Read every source and run every check; nothing is written."""
    settings = site_settings(root)
    diagnostics = scan_project(root, settings.folders)
    corpus, problems = load_corpus(root, settings.site_name)
    diagnostics.extend(problems)
    diagnostics.extend(run_checks(corpus))
    return CheckResult(corpus=corpus, diagnostics=sort_diagnostics(diagnostics), strict=strict)


def build_project(
    root: Path, out: Path, outputs: tuple[str, ...], strict: bool = False, jobs: int = 2
) -> BuildResult:
    """Check, then write each output; on content errors nothing is written at all."""
    result = BuildResult(check=check_project(root, strict))
    if not result.check.ok:
        return result
    with file_system_failures("the build folder"):
        out.mkdir(parents=True, exist_ok=True)
    context = BuildContext(project=root, out=out, cache=out / ".cache", jobs=jobs)
    for name in outputs:
        _write_output(name, result.check.corpus, context)
        result.written.append(name)
    return result


def _write_output(name: str, corpus: Corpus, context: BuildContext) -> None:
    """Write into a fresh temporary folder and swap it in only once it is complete."""
    writer = load_writer(name)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=context.out))
    try:
        with file_system_failures(f"the {name} output"):
            writer(corpus, staging, context)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    target = context.out / name
    retired = context.out / f".{name}-old"
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
