"""Follow-on diagnostics left out while their cause is reported: one root cause, one error.

A source with an error is read as far as it can be, but what other sources say about it
cannot be judged: a reference to a criterion whose block does not parse, guidance for it,
the changes between its version and the previous one, a term used in a chapter whose
glossary entry is broken, criteria's fields when `standard.yml` is. Each would be one more
message for the same cause, and sorted by place it often comes before the cause. So a
diagnostic of a follow-on kind is left out while an error remains in a source it depends
on; the run after the fix reports it if it still holds.

Each follow-on code names what it depends on, as project paths (a file or a folder), from
the place it is reported at; errors of the kinds in `VALUE_ERRORS` only count for follow-ons
that compare values (`changes.mismatch`), since they lose a value, not a criterion or term.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from normkit.diagnostics import Code, Diagnostic, Severity
from normkit.model.corpus import Corpus
from normkit.model.location import Location

VALUE_ERRORS = frozenset(
    {
        Code.FIELD_TYPE,
        Code.FIELD_ENUM,
        Code.FIELD_REQUIRED,
        Code.FIELD_UNKNOWN,
        Code.APPLICABILITY_UNKNOWN,
        Code.VERSION_DATES_ORDER,
        Code.NUMBER_INVALID,
        Code.ASSET_MISSING,
        Code.ASSET_UNSUPPORTED,
        Code.LINK_OUTSIDE_PROJECT,
        Code.TERM_ALIAS_CLASH,
        Code.CRITERION_EMPTY,
    }
)
"""Errors that leave every criterion, term, version and edition in place (a value is wrong
or missing), so that references and guidance still resolve."""


@dataclass(slots=True)
class _Project:
    """What the rules need to know of the project: lineage, what editions serve, headings."""

    corpus: Corpus
    headings: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        lines: dict[str, set[int]] = {}
        for location in self._heading_locations():
            lines.setdefault(location.path, set()).add(location.line)
        self.headings = {path: sorted(found) for path, found in lines.items()}

    def _heading_locations(self) -> Iterable[Location]:
        for version in self.corpus.versions():
            yield from (section.location for section in version.all_sections())
            yield from (criterion.location for criterion in version.criteria())
        for edition in self.corpus.guidance:
            yield from (section.location for section in edition.all_sections())
            yield from (entry.location for entry in edition.entries)
        yield from (term.location for term in self.corpus.terms)

    def next_heading(self, path: str, line: int) -> int:
        """The line of the first heading after `line` in `path` (a large number if none)."""
        lines = self.headings.get(path, [])
        index = bisect.bisect_right(lines, line)
        return lines[index] if index < len(lines) else 1 << 30

    def predecessor(self, standard: str, version: str) -> str | None:
        found = self.corpus.version(standard, version)
        return found.supersedes if found else None

    def served(self, standard: str, edition: str) -> str | None:
        return next(
            (
                g.serves
                for g in self.corpus.guidance
                if g.standard == standard and g.name == edition
            ),
            None,
        )


def _parts(path: str) -> list[str]:
    return path.split("/")


def _standard_file(path: str) -> list[str]:
    parts = _parts(path)
    if parts[0] in ("standards", "guidance") and len(parts) > 1:
        return [f"standards/{parts[1]}/standard.yml"]
    return []


def _own_version(project: _Project, path: str) -> list[str]:
    """The version a chapter or guidance file is about (its folder, or the one it serves)."""
    parts = _parts(path)
    if parts[0] == "standards" and len(parts) > 3:
        return [f"standards/{parts[1]}/{parts[2]}/"]
    if parts[0] == "guidance" and len(parts) > 2:
        serves = project.served(parts[1], parts[2])
        return [f"standards/{parts[1]}/{serves}/" if serves else f"standards/{parts[1]}/"]
    if parts[0] == "glossary":
        return ["standards/"]
    return []


def _resolution(project: _Project, path: str) -> list[str]:
    """References, guidance entries and withdrawal targets: the criteria of the version."""
    return [*_own_version(project, path), *_standard_file(path)]


def _lineage(project: _Project, path: str) -> list[str]:
    """`replaces` and intended changes: this version and the one it supersedes."""
    parts = _parts(path)
    if parts[0] != "standards" or len(parts) < 4:
        return []
    standard, version = parts[1], parts[2]
    predecessor = project.predecessor(standard, version)
    before = f"standards/{standard}/{predecessor}/" if predecessor else f"standards/{standard}/"
    return [f"standards/{standard}/{version}/", before, f"standards/{standard}/standard.yml"]


def _changes(project: _Project, path: str) -> list[str]:
    return [*_lineage(project, path), "glossary/"]


def _declarations(project: _Project, path: str) -> list[str]:
    """Fields, applicability and numbering: `standard.yml` and the version's `version.yml`."""
    parts = _parts(path)
    found = _standard_file(path)
    if parts[0] == "standards" and len(parts) > 3:
        found.append(f"standards/{parts[1]}/{parts[2]}/version.yml")
    return found


def _versions(project: _Project, path: str) -> list[str]:
    """Which versions and editions a standard has: its whole folders."""
    parts = _parts(path)
    if parts[0] in ("standards", "guidance") and len(parts) > 1:
        return [f"standards/{parts[1]}/", f"guidance/{parts[1]}/"]
    return ["standards/"]


def _guidance(project: _Project, path: str) -> list[str]:
    """Whether a version's criteria have guidance: its editions, and the criteria."""
    parts = _parts(path)
    if parts[0] != "standards" or len(parts) < 3:
        return []
    return [f"guidance/{parts[1]}/", *_own_version(project, path), *_standard_file(path)]


Rule = Callable[[_Project, str], list[str]]

ALL, STRUCTURAL, UNREADABLE = "all", "structural", "unreadable"
"""Which errors count as causes: all; all but `VALUE_ERRORS`; only a file that cannot be read
at all (missing, not UTF-8, not YAML), whose declarations are then unknown."""

FOLLOW_ONS: dict[Code, tuple[Rule, str]] = {
    Code.REFERENCE_UNRESOLVED: (_resolution, STRUCTURAL),
    Code.REFERENCE_WITHDRAWN: (_resolution, STRUCTURAL),
    Code.GUIDANCE_UNKNOWN_CRITERION: (_resolution, STRUCTURAL),
    Code.WITHDRAWN_TARGET_UNKNOWN: (_resolution, STRUCTURAL),
    Code.LINK_BROKEN: (_resolution, STRUCTURAL),
    Code.GUIDANCE_MISSING: (_guidance, STRUCTURAL),
    Code.GUIDANCE_UNKNOWN_VERSION: (_versions, STRUCTURAL),
    Code.VERSION_SUPERSEDES_UNKNOWN: (_versions, STRUCTURAL),
    Code.VERSION_STATUS_INCONSISTENT: (_versions, STRUCTURAL),
    Code.TERM_VERSION_UNKNOWN: (lambda project, path: ["standards/"], STRUCTURAL),
    Code.TERM_UNKNOWN: (lambda project, path: ["glossary/"], STRUCTURAL),
    Code.TERM_UNUSED: (lambda project, path: ["standards/", "guidance/", "glossary/"], STRUCTURAL),
    Code.REPLACES_UNKNOWN: (_lineage, STRUCTURAL),
    Code.CHANGES_MISMATCH: (_changes, ALL),
    Code.FIELD_UNKNOWN: (_declarations, UNREADABLE),
    Code.FIELD_REQUIRED: (_declarations, UNREADABLE),
    Code.APPLICABILITY_UNKNOWN: (_declarations, UNREADABLE),
    Code.NUMBER_INVALID: (_declarations, UNREADABLE),
}
"""Follow-on codes: the sources each depends on, and which errors there count as causes."""

LAST = frozenset(
    {
        Code.CHANGES_MISMATCH,
        Code.GUIDANCE_MISSING,
        Code.TERM_UNUSED,
        Code.VERSION_STATUS_INCONSISTENT,
    }
)
"""Warnings about the project as a whole: any error that remains in a source they depend on,
follow-on kinds included (`applies_to` naming an unknown code changes the fields the diff
finds; guidance for a misspelt id leaves the real criterion without guidance)."""

CRITERION_LOCAL = frozenset({Code.CRITERION_EMPTY, Code.GUIDANCE_MISSING})
"""Reported at a criterion's heading, and follow-ons of an error in its own block (an unknown
`status` makes a withdrawn criterion an active one without text)."""


def _depends(root: str, scopes: list[str]) -> bool:
    """Whether an error at path `root` lies in one of `scopes` (a folder scope ends with `/`;
    an error at a folder itself, such as a link out of the project, counts for it)."""
    return any(
        root.startswith(scope) or (scope.endswith("/") and root == scope[:-1]) for scope in scopes
    )


def without_cascades(corpus: Corpus, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """`diagnostics` without the follow-ons of the errors among them."""
    roots = [d for d in diagnostics if d.severity is Severity.ERROR and d.code not in FOLLOW_ONS]
    if not any(d.severity is Severity.ERROR for d in diagnostics):
        return diagnostics
    project = _Project(corpus)
    kept = [d for d in diagnostics if d.code in LAST or not _follows(project, d, _causes(roots))]
    errors = [d for d in kept if d.severity is Severity.ERROR]
    every = dict.fromkeys((ALL, STRUCTURAL, UNREADABLE), errors)
    return [d for d in kept if d.code not in LAST or not _follows(project, d, every)]


def _causes(roots: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    return {
        ALL: roots,
        STRUCTURAL: [d for d in roots if d.code not in VALUE_ERRORS],
        UNREADABLE: [d for d in roots if d.code.code.startswith(_UNREADABLE)],
    }


_UNREADABLE = ("yaml.", "source.", "project.missing-file")


def _follows(project: _Project, found: Diagnostic, causes: dict[str, list[Diagnostic]]) -> bool:
    """Whether `found` follows from one of the errors."""
    if found.code in CRITERION_LOCAL and _in_own_block(project, found, causes[ALL]):
        return True
    if found.code.code.startswith("yaml.") and _after_control_character(
        project, found, causes[ALL]
    ):
        return True
    rule = FOLLOW_ONS.get(found.code)
    if rule is None:
        return False
    depends_on, which = rule
    scopes = depends_on(project, found.location.path)
    return any(
        _depends(cause.location.path, scopes) for cause in causes[which] if cause is not found
    )


def _after_control_character(project: _Project, found: Diagnostic, roots: list[Diagnostic]) -> bool:
    """A YAML error after a control character in the same block or file: the character is
    removed, and what was around it (the rest of an escape sequence) may not parse."""
    return any(
        root.code is Code.SOURCE_CONTROL_CHARACTER
        and root.location.path == found.location.path
        and root.location.line
        <= found.location.line
        < project.next_heading(root.location.path, root.location.line)
        for root in roots
    )


def _in_own_block(project: _Project, found: Diagnostic, roots: list[Diagnostic]) -> bool:
    end = project.next_heading(found.location.path, found.location.line)
    return any(
        root.location.path == found.location.path and found.location.line < root.location.line < end
        for root in roots
    )
