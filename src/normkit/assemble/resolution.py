"""What references and term names resolve to, for one standard version or the glossary."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from normkit.assemble.links import ProjectFiles
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location
from normkit.model.standard import SECTION_TARGET_PREFIX
from normkit.model.text import LinkTarget
from normkit.pattern_cache import compile_kept
from normkit.sources.render import (
    PART_LETTERS,
    RefTarget,
    Rendered,
    TermTarget,
    unresolved_target,
)


@dataclass(frozen=True, slots=True)
class Target:
    """A criterion that references can name."""

    number: str
    title: str
    part_count: int
    withdrawn_to: tuple[str, ...] | None = None
    """Where a withdrawn criterion went (an empty tuple when it went nowhere); None while
    the criterion is in force."""


_CJK_RANGES = ((0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
"""Scripts written without spaces between words: a term in them has no word boundary.
(Compared as code points: a regular expression of these ranges takes 5 ms to compile, paid
by every command that reads a glossary.)"""


def _cjk(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _CJK_RANGES)


def _any_cjk(text: str) -> bool:
    """Whether `text` has a character of a CJK script. Most glossaries have no character
    from the first range's start up, which one pass in C tells (a Python call per character
    of every term was 1.4% of a cold check of the demo, profiled)."""
    return max(map(ord, text), default=0) >= _CJK_RANGES[0][0] and any(_cjk(c) for c in text)


_NOT_AFTER_WORD = r"(?<![\w-][\s\S])"
"""Written after a form's first character: the character before the form is no word
character or hyphen. Equivalent to a look-behind before the form, but a pattern whose alternatives
all begin with a literal lets the regular-expression engine skip, in C, every position
where no form begins; a pattern that begins with a look-behind runs it, and then every
alternative, at every position of every text (that was most of the time spent finding
terms)."""


def _starting(form: str, before: str) -> str:
    """`form` escaped, with `before` (a look-behind) after its first character."""
    if not form:
        return "(?<![\\w-])" if before else ""
    return f"{re.escape(form[:1])}{before}{re.escape(form[1:])}"


def _bounded(form: str) -> str:
    """A form with word boundaries on the sides where it is not written in a CJK script."""
    before = "" if form and _cjk(form[0]) else _NOT_AFTER_WORD
    return f"{_starting(form, before)}{_after(form)}"


def _by_first_character(alternatives: list[str], bounded: bool) -> str:
    """The forms, longest first, as alternatives grouped by their first character: each
    group's look-behind written once (`A(?<!…)(?:lt1|lt2)`) instead of once per form.
    It finds what one alternative per form finds (at a position only the group of the
    character there can match, and within it the forms keep their order). With the demo's
    glossary (~110 forms) a pattern compiles in 2 ms instead of 3 (a translated project
    compiles one per version and language) and finds terms in half the time, since the
    look-behind runs once where a group's character is, not once per form of the group.
    `bounded`: each form with the word boundaries of `_bounded` (some term is CJK)."""
    groups: dict[str, list[str]] = {}
    for form in alternatives:  # dicts keep the order each first character came in
        groups.setdefault(form[:1], []).append(form)
    written: list[str] = []
    for first, forms in groups.items():
        if not first:  # the empty form matches anywhere: last, as sorted
            written.append(_bounded("") if bounded else _starting("", _NOT_AFTER_WORD))
            continue
        before = "" if bounded and _cjk(first) else _NOT_AFTER_WORD
        rests = "|".join(re.escape(form[1:]) + (_after(form) if bounded else "") for form in forms)
        written.append(f"{re.escape(first)}{before}(?:{rests})")
    return "|".join(written)


def _after(form: str) -> str:
    """The look-ahead after a form: none after a CJK character."""
    return "" if form and _cjk(form[-1]) else r"(?![\w-])"


@dataclass(slots=True)
class TermIndex:
    """Written forms of the terms that apply somewhere, and a pattern that finds them."""

    forms: dict[str, TermTarget] = field(default_factory=dict)
    names: dict[str, TermTarget] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None

    @classmethod
    def of(cls, entries: Iterable[tuple[str, Sequence[str], TermTarget]]) -> TermIndex:
        index = cls()
        for term, aliases, target in entries:
            index.names.setdefault(term.casefold(), target)
            for form in (term, *aliases):
                index.forms.setdefault(form, target)
                index.names.setdefault(form.casefold(), target)
        if index.forms:
            alternatives = sorted(index.forms, key=lambda f: (-len(f), f))
            if _any_cjk("".join(alternatives)):
                index._pattern = compile_kept(f"(?:{_by_first_character(alternatives, True)})")
            else:
                joined = _by_first_character(alternatives, False)
                index._pattern = compile_kept(rf"(?:{joined})(?![\w-])")
        return index

    def with_names(self, entries: Iterable[tuple[str, TermTarget]]) -> TermIndex:
        """The index, also finding these names when written explicitly (`[=name=]`), though
        not in running text: a translation can name a term by its source form."""
        for name, target in entries:
            self.names.setdefault(name.casefold(), target)
        return self

    def lookup(self, name: str) -> TermTarget | None:
        return self.forms.get(name) or self.names.get(name.casefold())

    @property
    def pattern(self) -> re.Pattern[str] | None:
        return self._pattern


ExternalLookup = Callable[[str, str], RefTarget | None]
"""Resolves `(standard, id)` in another standard's newest published version."""


@dataclass(slots=True)
class VersionResolver:
    """Resolves `[[…]]` references and term names for one standard version."""

    standard: str
    version: str
    targets: dict[str, Target]
    terms: TermIndex
    external: ExternalLookup
    withdrawn: Callable[[str], tuple[str, ...] | None] = lambda key: None
    """`standard/version/id` of any version → the withdrawn criterion's targets, or None."""
    files: ProjectFiles | None = None
    """The project's files, for Markdown links and images; None takes them as written."""

    def reference(self, target: str) -> RefTarget | None:
        standard, _, rest = target.rpartition(":")
        if standard and standard != self.standard:
            return self.external(standard, rest)
        return resolve_in(self.standard, self.version, self.targets, rest)

    def reference_candidates(self, target: str) -> Iterable[str]:
        return self.targets

    def term(self, name: str) -> TermTarget | None:
        return self.terms.lookup(name)

    def term_names(self) -> Iterable[str]:
        return self.terms.forms

    def term_pattern(self) -> re.Pattern[str] | None:
        return self.terms.pattern

    def link(
        self, destination: str, location: Location, *, image: bool
    ) -> tuple[LinkTarget, list[Diagnostic]]:
        if self.files is None:
            return unresolved_target(destination), []
        return self.files.link(destination, location, image=image)


def withdrawn_references(rendered: Rendered, resolver: VersionResolver) -> list[Diagnostic]:
    """A warning for each reference, in rendered text, to a withdrawn criterion."""
    found: list[Diagnostic] = []
    for target, location in rendered.references:
        criterion_key = target.key.partition(".")[0]
        went_to = resolver.withdrawn(criterion_key)
        if went_to is None:
            continue
        found.append(
            diagnostic(
                Code.REFERENCE_WITHDRAWN,
                location,
                f"reference to {target.label}, which is withdrawn",
                f"refer to {', '.join(_target_text(key) for key in went_to)} instead"
                if went_to
                else "",
            )
        )
    return found


def _target_text(key: str) -> str:
    """A `withdrawn_to` item as a hint writes it: `[[id]]`, or the section by its key."""
    if key.startswith(SECTION_TARGET_PREFIX):
        return f"the section '{key.removeprefix(SECTION_TARGET_PREFIX)}'"
    return f"[[{key}]]"


def resolve_in(
    standard: str, version: str, targets: dict[str, Target], key: str
) -> RefTarget | None:
    """`id` or `id.part` among a version's criteria."""
    criterion_id, _, part = key.partition(".")
    found = targets.get(criterion_id)
    if found is None:
        return None
    label = found.number or criterion_id
    if part:
        if part not in PART_LETTERS[: found.part_count]:
            return None
        label = f"{label}.{part}" if found.number else f"{criterion_id}.{part}"
    return RefTarget(
        key=f"{standard}/{version}/{key}",
        anchor=key,
        label=label,
        title=f"{found.number} {found.title}".strip(),
    )
