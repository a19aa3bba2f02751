"""`changes.yml`: the changes a version says it intends must be exactly what the diff finds."""

from __future__ import annotations

from collections.abc import Iterator

from normkit.derived import Derived
from normkit.diagnostics import Code, Diagnostic, diagnostic


def check_intended_changes(derived: Derived) -> Iterator[Diagnostic]:
    for standard in derived.corpus.standards:
        for version in standard.versions:
            intended = version.intended_changes
            if intended is None or not version.lineage_known:
                continue  # without its version.yml, what it supersedes is unknown
            # Imported here: most projects declare no intended changes, and their check
            # does not load the revisions (the changeset's and successors' classes).
            from normkit.revisions.intended import discrepancies

            predecessor = standard.version(version.supersedes) if version.supersedes else None
            if predecessor is None:
                yield diagnostic(
                    Code.CHANGES_MISMATCH,
                    intended.location,
                    f"{version.key} lists intended changes but supersedes no version",
                )
                continue
            changeset = derived.changeset(predecessor, version)
            for problem in discrepancies(changeset, intended):
                yield diagnostic(
                    Code.CHANGES_MISMATCH,
                    problem.location,
                    f"{predecessor.name} → {version.name}: {problem.message}",
                    "update changes.yml, or the sources if the change was not intended",
                )
