"""Sources of a whole project → the `Corpus`, with every diagnostic found on the way."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial
from pathlib import Path
from typing import TypeVar

from normkit.assemble.consultation import read_consultations
from normkit.assemble.crosswalks import read_crosswalks
from normkit.assemble.drafts import CriterionDraft, StandardDraft, VersionDraft
from normkit.assemble.glossary import TermDraft, build_terms, read_glossary
from normkit.assemble.guidance import (
    ENTRIES,
    EditionDraft,
    build_edition,
    entries_in_order,
    read_edition,
)
from normkit.assemble.lineage import lineage_order, natural_key
from normkit.assemble.links import ProjectFiles
from normkit.assemble.outline import DraftNode, shelve_outline
from normkit.assemble.renderers import CRITERIA, Build, may_render_ahead, read_rendered_ahead
from normkit.assemble.resolution import Target, TermIndex, VersionResolver, resolve_in
from normkit.assemble.reuse import AskedFiles, current_cache
from normkit.assemble.standards import read_standard
from normkit.assemble.versions import build_version, criteria_in_order
from normkit.diagnostics import Code, Diagnostic
from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.guidance import GuidanceEdition
from normkit.model.numbering import DEFAULT_NUMBERING, Numbering
from normkit.model.standard import CriterionStatus, Standard, Version, VersionStatus
from normkit.sources.documents import shelve_tokens
from normkit.sources.files import subfolders
from normkit.sources.render import RefTarget, TermTarget

Built = TypeVar("Built")


def load_corpus(
    root: Path, title: str = "", standards_built: Callable[[Corpus], None] | None = None
) -> tuple[Corpus, list[Diagnostic]]:
    """Read, parse, resolve and render every source under `root`. `standards_built` is given
    the standards, the guidance and the glossary as soon as they are built, before the
    registers and crosswalks are read (the consultation drafts are laid out from then on)."""
    diagnostics: list[Diagnostic] = []
    standards: list[StandardDraft] = []
    for folder in subfolders(root, root / "standards"):
        standard, problems = read_standard(root, folder, first=not standards)
        diagnostics.extend(problems)
        if standard is not None:
            standards.append(standard)
    term_drafts, problems = read_glossary(root)
    diagnostics.extend(problems)
    editions: list[EditionDraft] = []
    for standard_folder in subfolders(root, root / "guidance"):
        standard_draft = next((s for s in standards if s.slug == standard_folder.name), None)
        numbering = standard_draft.numbering if standard_draft else DEFAULT_NUMBERING
        found: list[EditionDraft] = []
        for folder in sorted(subfolders(root, standard_folder), key=lambda p: natural_key(p.name)):
            edition, problems = read_edition(root, folder, standard_folder.name, numbering)
            diagnostics.extend(problems)
            if edition is not None:
                found.append(edition)
        editions.extend(_editions_in_order(found, standard_draft))

    targets = {
        (s.slug, v.name): {c.id: _target(c) for c in v.criteria.values()}
        for s in standards
        for v in s.versions
    }

    def withdrawn(key: str) -> tuple[str, ...] | None:
        standard_slug, _, rest = key.partition("/")
        version_name, _, criterion_id = rest.partition("/")
        found = targets.get((standard_slug, version_name), {}).get(criterion_id)
        return found.withdrawn_to if found is not None else None

    def external(standard_slug: str, key: str) -> RefTarget | None:
        standard = next((s for s in standards if s.slug == standard_slug), None)
        if standard is None or not standard.versions:
            return None
        version = _newest_published(standard)
        return resolve_in(standard_slug, version.name, targets[(standard_slug, version.name)], key)

    files = ProjectFiles(root)
    cache = current_cache()
    shelving = shelve_tokens()
    newest = {s.slug: _newest_published(s).name for s in standards if s.versions}
    withdrawals = {
        (version, criterion): target.withdrawn_to
        for version, found in targets.items()
        for criterion, target in found.items()
        if target.withdrawn_to is not None
    }

    term_indexes: dict[str, TermIndex] = {}

    def resolver_for(
        standard_slug: str, version_name: str, asking: ProjectFiles = files
    ) -> VersionResolver:
        key = f"{standard_slug}@{version_name}"
        terms = term_indexes.get(key)
        if terms is None:  # (one for a version and the editions that serve it)
            terms = term_indexes[key] = TermIndex.of(_term_entries(term_drafts, key))
        return VersionResolver(
            standard=standard_slug,
            version=version_name,
            targets=targets.get((standard_slug, version_name), {}),
            terms=terms,
            external=external,
            withdrawn=withdrawn,
            files=asking,
        )

    def assembled(
        name: str,
        sources: Hashable,
        applies_to: tuple[str, str],
        build: Callable[[VersionResolver], tuple[Built, list[Diagnostic]]],
        outline: list[DraftNode],
    ) -> tuple[Built, list[Diagnostic]]:
        """`build` with the resolver of `applies_to` (standard, version), or, in a session
        that keeps them (`normkit serve`), the last one built when nothing it reads changed;
        then the tokens of its `outline` shelved (`shelve_tokens`), so that they die before
        the next version's are unpacked."""
        shelved = False

        def built(resolver: VersionResolver) -> tuple[Built, list[Diagnostic]]:
            nonlocal shelved
            found = build(resolver)
            # Before the build is kept, which may fork a child saving it ahead
            # (`StoredAssemblies.built`): shelved after the fork, the pages of every chunk
            # were copied (NIST SP 800-53 rev4's guidance edition: ~6,500 page faults).
            if shelving:
                shelve_outline(outline)
                shelved = True
            return found

        if cache is None:
            return built(resolver_for(*applies_to))
        terms = _term_entries(term_drafts, "@".join(applies_to))
        # What `external` and `withdrawn` can answer, besides the version's own criteria.
        others = {s: (v, targets[(s, v)]) for s, v in newest.items() if s != applies_to[0]}
        context = (targets.get(applies_to, {}), others, withdrawals, terms)
        found = cache.build(
            name, sources, context, files, lambda asking: built(resolver_for(*applies_to, asking))
        )
        if shelving and not shelved:  # reused
            shelve_outline(outline)
        return found

    def rendered_ahead() -> list[Build]:
        """Every build's items, where one helper may render them for the whole read: where
        the read builds every version and edition afresh (no earlier one to reuse)."""
        names = [f"version {d.key}" for s in standards for d in s.versions]
        names.extend(f"edition {e.standard}/{e.name}" for e in editions)
        if not may_render_ahead() or (cache is not None and any(map(cache.may_reuse, names))):
            return []
        builds: list[Build] = [
            (criteria_in_order(d), resolver_for(s.slug, d.name, AskedFiles(root)), CRITERIA)
            for s in standards
            for d in s.versions
        ]
        builds.extend(
            (entries_in_order(e), resolver_for(e.standard, e.serves, AskedFiles(root)), ENTRIES)
            for e in editions
        )
        return builds

    built_standards: list[Standard] = []
    built_editions: list[GuidanceEdition] = []
    with read_rendered_ahead(rendered_ahead()):
        for standard in standards:
            versions: list[Version] = []
            for draft in standard.versions:
                draft.languages = _languages(standard, draft)
                successor = _successor(standard, draft)
                # The languages come from standard.yml too (`required_languages`).
                sources = (standard.sources, draft.sources, successor, standard.numbering)
                version, problems = assembled(
                    f"version {draft.key}",
                    (*sources, draft.languages),
                    (standard.slug, draft.name),
                    partial(_version, draft, successor, standard.numbering),
                    draft.outline,
                )
                diagnostics.extend(problems)
                versions.append(version)
            built_standards.append(_standard(standard, versions))

        for edition_draft in editions:
            if edition_draft.languages is None:
                served = _served(standards, edition_draft)
                edition_draft.languages = served.languages if served else ()
            built, problems = assembled(
                f"edition {edition_draft.standard}/{edition_draft.name}",
                # The languages may be the served version's, read from its files.
                (edition_draft.sources, edition_draft.numbering, edition_draft.languages),
                (edition_draft.standard, edition_draft.serves),
                partial(_edition, edition_draft),
                edition_draft.outline,
            )
            if (edition_draft.standard, edition_draft.serves) not in targets:
                # It serves no known version (reported once, at `serves`): its references
                # cannot resolve, and saying so for each would bury the cause.
                problems = [p for p in problems if p.code is not Code.REFERENCE_UNRESOLVED]
            diagnostics.extend(problems)
            built_editions.append(built)

    terms, problems = build_terms(term_drafts, resolver_for("", ""))
    diagnostics.extend(problems)
    ordered = tuple(sorted(built_standards, key=lambda s: s.slug))
    glossary = tuple(sorted(terms, key=_term_sort_key))
    if standards_built is not None:
        guidance = tuple(built_editions)
        standards_built(Corpus(title=title, standards=ordered, guidance=guidance, terms=glossary))
    consultations, groups, problems = read_consultations(root, ordered)
    diagnostics.extend(problems)
    crosswalks, problems = read_crosswalks(root)
    diagnostics.extend(problems)
    corpus = Corpus(
        title=title,
        standards=ordered,
        guidance=tuple(built_editions),
        terms=glossary,
        consultations=consultations,
        stakeholder_groups=groups,
        crosswalks=tuple(crosswalks),
    )
    return corpus, diagnostics


def _version(
    draft: VersionDraft, successor: str | None, numbering: Numbering, resolver: VersionResolver
) -> tuple[Version, list[Diagnostic]]:
    version, _, problems = build_version(draft, resolver, successor, numbering)
    return version, problems


def _edition(
    draft: EditionDraft, resolver: VersionResolver
) -> tuple[GuidanceEdition, list[Diagnostic]]:
    edition, _, problems = build_edition(draft, resolver)
    return edition, problems


def _languages(standard: StandardDraft, draft: VersionDraft) -> tuple[str, ...]:
    """A version's translation languages: its own or the standard's, and the required ones
    when it is published."""
    own = draft.languages if draft.languages is not None else standard.languages
    if draft.status is VersionStatus.PUBLISHED:
        own = (*own, *(tag for tag in standard.required_languages if tag not in own))
    return tuple(dict.fromkeys(own))


def _served(standards: list[StandardDraft], edition: EditionDraft) -> VersionDraft | None:
    standard = next((s for s in standards if s.slug == edition.standard), None)
    return (
        next((v for v in standard.versions if v.name == edition.serves), None) if standard else None
    )


def _target(draft: CriterionDraft) -> Target:
    withdrawn_to = (
        tuple(target for target, _ in draft.withdrawn_to if target != draft.id)
        if draft.status is CriterionStatus.WITHDRAWN
        else None
    )
    return Target(draft.number, draft.title, draft.part_count, withdrawn_to)


def _successor(standard: StandardDraft, draft: VersionDraft) -> str | None:
    """The version that supersedes `draft`: of several (a draft and the final text), the
    first that is not a draft or consultation, else the first."""
    successors = [v for v in standard.versions if v.supersedes == draft.name and v is not draft]
    candidates = [v for v in successors if not v.status.is_prerelease] or successors
    return candidates[0].name if candidates else None


def _editions_in_order(
    editions: list[EditionDraft], standard: StandardDraft | None
) -> list[EditionDraft]:
    """Editions by lineage: after the edition they supersede, then by the position of the
    version they serve, then by date and name."""
    served = {v.name: index for index, v in enumerate(standard.versions)} if standard else {}
    return lineage_order(
        editions,
        name=lambda e: e.name,
        predecessor=lambda e: e.supersedes,
        date=lambda e: e.published,
        rank=lambda e: served.get(e.serves, len(served)),
    )


def _term_sort_key(term: Term) -> tuple[str, str, tuple[str, ...]]:
    return (term.term.casefold(), term.term, term.versions)


def _newest_published(standard: StandardDraft) -> VersionDraft:
    published = [v for v in standard.versions if v.status is VersionStatus.PUBLISHED]
    return (published or standard.versions)[-1]


def _term_entries(
    drafts: list[TermDraft], version_key: str
) -> list[tuple[str, tuple[str, ...], TermTarget]]:
    """Terms that apply to a version; with an empty key, every term (for the glossary)."""

    def applies(draft: TermDraft) -> bool:
        if version_key == "@" or not draft.versions:
            return True
        standard = version_key.split("@", 1)[0]
        return version_key in draft.versions or standard in draft.versions

    return [(d.term, d.aliases, TermTarget(d.id, _tooltip(d))) for d in drafts if applies(d)]


def _tooltip(draft: TermDraft) -> str:
    """The definition's first paragraph as plain text, straight from the source."""
    first = draft.node.content_markdown().split("\n\n", 1)[0]
    return " ".join(first.split())


def _standard(draft: StandardDraft, versions: list[Version]) -> Standard:
    return Standard(
        slug=draft.slug,
        code=draft.code,
        title=draft.title,
        owner=draft.owner,
        licence=draft.licence,
        description=draft.description,
        applicability=draft.applicability,
        fields=draft.fields,
        versions=tuple(versions),
        location=draft.location,
        section_levels=draft.section_levels,
        numbering=draft.numbering,
        namespace=draft.namespace or f"urn:normkit:{draft.slug}",
        required_languages=draft.required_languages,
    )
