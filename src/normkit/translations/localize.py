"""The corpus in every language its versions declare, read from the catalogs, with every
problem of the catalogs as a located diagnostic (malformed, stale, missing, unknown)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from normkit.assemble.links import ProjectFiles
from normkit.assemble.resolution import Target, TermIndex, VersionResolver, resolve_in
from normkit.assemble.reuse import current_cache
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.guidance import GuidanceEdition
from normkit.model.location import Location
from normkit.model.standard import Standard, Version, VersionStatus
from normkit.model.text import Text
from normkit.model.translation import Translation, UnitStatus
from normkit.sources.render import RefTarget, TermTarget
from normkit.translations.catalogs import (
    CatalogKind,
    PlannedCatalog,
    catalog_files,
    label_units,
    planned_catalogs,
    project_languages,
)
from normkit.translations.labels import labels_in, packaged_labels
from normkit.translations.po_files import Catalog, read_catalog
from normkit.translations.texts import CatalogTexts
from normkit.translations.versions import (
    translate_definition,
    translate_edition,
    translate_standard,
    translate_term_names,
    translate_version,
)


@dataclass(slots=True)
class _Run:
    """What localizing a corpus collects as it goes."""

    root: Path
    corpus: Corpus
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: ProjectFiles = field(init=False)
    targets: dict[tuple[str, str], dict[str, Target]] = field(default_factory=dict)
    source_texts: dict[tuple[str, str], dict[tuple[str, str, str], Text]] = field(
        default_factory=dict
    )
    """Each version's source texts rendered on their own, shared by its languages
    (`CatalogTexts.source_texts`)."""
    resolvers: dict[tuple[str, str, int, int], tuple[object, object, VersionResolver]] = field(
        default_factory=dict
    )
    """Resolvers made so far, by version and the identity of their terms (kept with them,
    so that an identity is never another tuple's): a version's catalog, its standard's
    texts and every language share the resolver of the source terms, and building one
    compiles the pattern of every term's written forms."""

    def __post_init__(self) -> None:
        self.files = ProjectFiles(self.root)
        for version in self.corpus.versions():
            self.targets[(version.standard, version.name)] = {
                c.id: Target(
                    c.number,
                    c.title,
                    len(c.parts),
                    tuple(t.key for t in c.withdrawn_to) if c.is_withdrawn else None,
                )
                for c in version.criteria()
            }

    @property
    def resolution(self) -> object:
        """What references resolve against, here: every version's criteria, and the version
        of each standard that references from outside it name."""
        newest = {
            s.slug: (s.latest_published or s.versions[-1]).name
            for s in self.corpus.standards
            if s.versions
        }
        return self.targets, newest

    def read(self, planned: PlannedCatalog) -> Catalog | None:
        path = self.root / planned.path
        if not path.is_file():
            return None
        catalog, problems = read_catalog(self.root, path)
        self.diagnostics.extend(problems)
        if catalog is not None and catalog.language and catalog.language != planned.language:
            self.diagnostics.append(
                diagnostic(
                    Code.TRANSLATION_MALFORMED,
                    Location(path=planned.path, line=1, column=1),
                    f"catalog's Language header says '{catalog.language}' but it is in the "
                    f"folder of '{planned.language}'",
                    f"set `Language: {planned.language}` or move the file",
                )
            )
        return catalog

    def resolver(
        self, standard: str, version: str, terms: tuple[Term, ...], source: tuple[Term, ...]
    ) -> VersionResolver:
        """References of one version; terms as `terms` write them, and found by the names of
        `source` when written explicitly."""
        made = (standard, version, id(terms), id(source))
        if made in self.resolvers:
            return self.resolvers[made][2]
        key = f"{standard}@{version}"

        def applies(term: Term) -> bool:
            return key == "@" or term.applies_to(key)

        index = TermIndex.of(
            (t.term, t.aliases, TermTarget(t.id, _tooltip(t))) for t in terms if applies(t)
        ).with_names(
            (form, TermTarget(t.id, _tooltip(t)))
            for t in source
            if applies(t)
            for form in t.written_forms
        )
        resolver = VersionResolver(
            standard=standard,
            version=version,
            targets=self.targets.get((standard, version), {}),
            terms=index,
            external=self.external,
            withdrawn=self.withdrawn,
            files=self.files,
        )
        self.resolvers[made] = (terms, source, resolver)
        return resolver

    def external(self, standard_slug: str, key: str) -> RefTarget | None:
        standard = self.corpus.standard(standard_slug)
        if standard is None or not standard.versions:
            return None
        version = standard.latest_published or standard.versions[-1]
        return resolve_in(
            standard_slug, version.name, self.targets[(standard_slug, version.name)], key
        )

    def withdrawn(self, key: str) -> tuple[str, ...] | None:
        standard, _, rest = key.partition("/")
        version, _, criterion_id = rest.partition("/")
        found = self.targets.get((standard, version), {}).get(criterion_id)
        return found.withdrawn_to if found is not None else None


def _written(terms: tuple[Term, ...]) -> tuple[tuple[object, ...], ...]:
    """What resolving terms reads of them (`_Run.resolver`, `CatalogTexts.term_names`):
    their ids, written forms, versions and tooltips, as plain data (quick to compare and
    to load, unlike the terms)."""
    return tuple((t.id, t.term, t.aliases, t.versions, _tooltip(t)) for t in terms)


def _tooltip(term: Term) -> str:
    first = term.definition.plain.split("\n\n", 1)[0]
    return " ".join(first.split())


def translate_corpus(
    root: Path, corpus: Corpus, guidance_shown: bool = True
) -> tuple[Corpus, list[Diagnostic]]:
    """The corpus with its `translations`, one per declared language that has catalogs.
    Without `guidance_shown` (nothing will show the translations' guidance: `check`, the
    JSON output), a guidance edition without a catalog of its own is left as it is in each
    language, rather than marked as untranslated: marking gives no diagnostic, and in the
    demo's cold check it was ~9% of translating (its two editions in two languages)."""
    run = _Run(root=root, corpus=corpus)
    languages = project_languages(corpus)
    planned_paths: set[str] = set()
    translated: list[Corpus] = []
    for language in languages:
        planned = list(planned_catalogs(corpus, language))
        planned_paths.update(p.path for p in planned)
        found = _language(run, language, planned, guidance_shown)
        if found is not None:
            translated.append(found)
    for path in catalog_files(root):
        if path not in planned_paths:
            run.diagnostics.append(_undeclared(path, languages))
    return replace(corpus, translations=tuple(translated)), run.diagnostics


Made = TypeVar("Made")


def _undeclared(path: str, languages: tuple[str, ...]) -> Diagnostic:
    parts = path.split("/")
    language = parts[1] if len(parts) > 2 else ""
    if language not in languages:
        hint = f"add `{language}` to `languages` in standard.yml or version.yml"
        message = f"catalog for '{language}', a language no version declares; it is not used"
    else:
        hint = (
            "catalogs are translations/<language>/<standard>/<version>.po, "
            "…/<standard>/guidance/<edition>.po, glossary.po and ui.po"
        )
        message = "catalog for no version or edition that declares its language; it is not used"
    return diagnostic(Code.TRANSLATION_UNDECLARED, Location(path=path), message, hint)


def _language(
    run: _Run, language: str, planned: list[PlannedCatalog], guidance_shown: bool
) -> Corpus | None:
    corpus = run.corpus
    catalogs = {p.path: run.read(p) for p in planned}
    if not any(
        catalogs[p.path] for p in planned if p.kind in (CatalogKind.VERSION, CatalogKind.EDITION)
    ):
        _missing(run, language, planned, catalogs)
        return None
    labels_plan = next(p for p in planned if p.kind is CatalogKind.LABELS)
    labels, labels_record = _labels(run, language, labels_plan, catalogs[labels_plan.path])
    with labels_in(language, labels):
        glossary_plan = next(p for p in planned if p.kind is CatalogKind.GLOSSARY)
        terms, glossary_record = _glossary(
            run, language, glossary_plan, catalogs[glossary_plan.path], labels
        )
        standards = [
            _standard(run, language, s, terms, labels, catalogs, planned) for s in corpus.standards
        ]
        editions = []
        served = {(v.standard, v.name) for s in standards for v in s.versions if v.translation}
        for edition in corpus.guidance:
            plan = next((p for p in planned if p.edition is edition), None)
            catalog = catalogs.get(plan.path) if plan else None
            if catalog is None and (
                not guidance_shown or (edition.standard, edition.serves) not in served
            ):
                # Neither translated nor shown (with a translated version): nothing to make
                # (its texts would compile a term pattern for the version it serves).
                editions.append(edition)
                continue
            translated, problems = _edition(run, language, edition, catalog, terms, labels)
            editions.append(translated)
            if catalog is not None and plan is not None:
                _report(run, problems, translated.translation, catalog, plan)
            # else: guidance shown with a translated version, in English, marked as such
    _missing(run, language, planned, catalogs)
    for record, plan in ((glossary_record, glossary_plan), (labels_record, labels_plan)):
        if record is not None:
            _coverage(run, record, plan)
    return replace(
        corpus,
        standards=tuple(standards),
        guidance=tuple(editions),
        terms=terms,
        language=language,
        labels=labels,
        glossary_translation=glossary_record,
    )


def _texts(
    run: _Run,
    language: str,
    catalog: Catalog | None,
    standard: str,
    version: str,
    terms: tuple[Term, ...],
    files: ProjectFiles | None = None,
) -> CatalogTexts:
    """`files`: what links are looked up in, when not the run's (a kept build's questions)."""
    resolver = run.resolver(standard, version, terms, run.corpus.terms)
    source_resolver = run.resolver(standard, version, run.corpus.terms, ())
    if files is not None:
        resolver = replace(resolver, files=files)
        source_resolver = replace(source_resolver, files=files)
    return CatalogTexts(
        language=language,
        catalog=catalog,
        resolver=resolver,
        source_resolver=source_resolver,
        term_names={t.id: t.term for t in run.corpus.terms},
        source_texts=run.source_texts.setdefault((standard, version), {}),
    )


def _plain_texts(run: _Run, language: str, catalog: Catalog | None) -> CatalogTexts:
    """Texts of plain units only (titles, labels): nothing in them is resolved."""
    nothing = run.resolver("", "", (), ())
    return CatalogTexts(
        language=language, catalog=catalog, resolver=nothing, source_resolver=nothing
    )


def _standard(
    run: _Run,
    language: str,
    standard: Standard,
    terms: tuple[Term, ...],
    labels: dict[str, str],
    catalogs: dict[str, Catalog | None],
    planned: list[PlannedCatalog],
) -> Standard:
    versions: list[Version] = []
    done: list[tuple[Version, Catalog]] = []
    for version in standard.versions:
        plan = next((p for p in planned if p.version is version), None)
        catalog = catalogs.get(plan.path) if plan else None
        if plan is None or catalog is None:
            versions.append(version)
            continue
        made, problems = _version(run, language, standard, version, catalog, terms, labels)
        versions.append(made)
        _report(run, problems, made.translation, catalog, plan)
        done.append((version, catalog))
    translated = replace(standard, versions=tuple(versions))
    if not done:
        return translated
    # The standard's own texts (title, vocabulary) from the version in force, else the newest.
    version, catalog = next(((v, c) for v, c in done if v is standard.latest_published), done[-1])
    return translate_standard(translated, version, _plain_texts(run, language, catalog))


def _version(
    run: _Run,
    language: str,
    standard: Standard,
    version: Version,
    catalog: Catalog,
    terms: tuple[Term, ...],
    labels: dict[str, str],
) -> tuple[Version, list[Diagnostic]]:
    """A version in one language, with the problems of its translated text; or, where the
    read keeps what it builds (`reuse.py`), the one made last time from the same source
    version, catalog, terms, resolution and labels."""

    def build(files: ProjectFiles) -> tuple[Version, list[Diagnostic]]:
        texts = _texts(run, language, catalog, standard.slug, version.name, terms, files)
        return translate_version(standard, version, texts), texts.diagnostics

    made_from = (f"version {version.key}", catalog, terms, labels, language)
    return _kept(run, f"translation {language} {version.key}", made_from, build)


def _edition(
    run: _Run,
    language: str,
    edition: GuidanceEdition,
    catalog: Catalog | None,
    terms: tuple[Term, ...],
    labels: dict[str, str],
) -> tuple[GuidanceEdition, list[Diagnostic]]:
    """A guidance edition in one language (in English, marked, without a catalog), as
    `_version`."""

    def build(files: ProjectFiles) -> tuple[GuidanceEdition, list[Diagnostic]]:
        if catalog is None:  # nothing is rendered
            texts = _plain_texts(run, language, None)
        else:
            texts = _texts(run, language, catalog, edition.standard, edition.serves, terms, files)
        return translate_edition(edition, texts), texts.diagnostics

    if catalog is None:  # marking the source is quicker than loading what it made
        return build(run.files)
    source = f"edition {edition.standard}/{edition.name}"
    made_from = (source, catalog, terms, labels, language)
    return _kept(run, f"translation {language} {source}", made_from, build)


def _kept(
    run: _Run,
    name: str,
    made_from: tuple[str, Catalog, tuple[Term, ...], dict[str, str], str],
    build: Callable[[ProjectFiles], tuple[Made, list[Diagnostic]]],
) -> tuple[Made, list[Diagnostic]]:
    """`build(files)`; or, where the read keeps what it builds (`reuse.py`), what it made
    last time from the same source (the version or edition named, as this read built it),
    catalog, terms (as the language writes them, and the source's), resolution, labels
    and language."""
    source_name, catalog, terms, labels, language = made_from
    cache = current_cache()
    source = cache.built_from(source_name) if cache is not None else None
    if cache is None or source is None or not catalog.digest:
        return build(run.files)
    context = (
        source,
        run.resolution,
        _written(terms),
        _written(run.corpus.terms),
        labels,
        language,
    )
    return cache.build(name, catalog.digest, context, run.files, build)


def _glossary(
    run: _Run,
    language: str,
    plan: PlannedCatalog,
    catalog: Catalog | None,
    labels: dict[str, str],
) -> tuple[tuple[Term, ...], Translation | None]:
    """The glossary in one language; or, where the read keeps what it builds (`reuse.py`),
    the one made last time from the same terms, catalog, resolution and labels."""
    source = run.corpus.terms
    if catalog is None:
        return source, None

    def build(files: ProjectFiles) -> tuple[_Glossary, list[Diagnostic]]:
        texts = _texts(run, language, catalog, "", "", source, files)
        named = tuple(translate_term_names(term, texts) for term in source)
        texts.resolver = replace(run.resolver("", "", named, source), files=files)
        terms = tuple(translate_definition(s, t, texts) for s, t in zip(source, named, strict=True))
        return (terms, texts.record()), texts.diagnostics

    cache = current_cache()
    if cache is None or not catalog.digest:
        (terms, record), problems = build(run.files)
    else:
        context = (source, run.resolution, labels, language)
        name = f"translation {language} glossary"
        (terms, record), problems = cache.build(name, catalog.digest, context, run.files, build)
    _report(run, problems, record, catalog, plan, coverage=False)
    return terms, record


_Glossary = tuple[tuple[Term, ...], Translation | None]


def _labels(
    run: _Run, language: str, plan: PlannedCatalog, catalog: Catalog | None
) -> tuple[dict[str, str], Translation | None]:
    labels = dict(packaged_labels(language))
    if catalog is None:
        return labels, None
    texts = _plain_texts(run, language, catalog)
    for unit in label_units():
        status = texts.status(unit)
        texts.statuses[unit.key] = status
        entry = texts.entry(unit.key)
        if entry is not None and status is UnitStatus.TRANSLATED:
            labels[unit.key] = entry.translation
    _report(run, texts.diagnostics, texts.record(), catalog, plan, coverage=False)
    return labels, texts.record()


def _report(
    run: _Run,
    problems: list[Diagnostic],
    record: Translation | None,
    catalog: Catalog,
    plan: PlannedCatalog,
    coverage: bool = True,
) -> None:
    """Problems of the translated text, stale units, entries for no unit, and coverage."""
    run.diagnostics.extend(problems)
    if record is None:
        return
    for key, status in record.statuses.items():
        entry = catalog.entries.get(key)
        if status is UnitStatus.FUZZY and entry is not None:
            why = "marked fuzzy" if entry.fuzzy else "its source text changed since"
            run.diagnostics.append(
                diagnostic(
                    Code.TRANSLATION_STALE,
                    entry.location,
                    f"{plan.language} translation of {key} is out of date ({why})",
                    "translate the new source text, then remove the fuzzy flag"
                    if entry.fuzzy
                    else "run `normkit translations update` to see the new source text",
                )
            )
    for key, entry in catalog.entries.items():
        if key not in record.statuses:
            run.diagnostics.append(
                diagnostic(
                    Code.TRANSLATION_UNKNOWN_UNIT,
                    entry.location,
                    f"entry '{key}' is for no unit of {plan.title}",
                    "run `normkit translations update`: it marks removed units obsolete",
                )
            )
    if coverage:
        _coverage(run, record, plan)


def _coverage(run: _Run, record: Translation, plan: PlannedCatalog) -> None:
    found = record.coverage
    details = f"{found.translated} of {found.total} units"
    if found.fuzzy:
        details += f", {found.fuzzy} out of date"
    if found.untranslated:
        details += f", {found.untranslated} untranslated"
    run.diagnostics.append(
        diagnostic(
            Code.TRANSLATION_COVERAGE,
            Location(path=record.catalog),
            f"{plan.language} {plan.title}: {found.percent} % translated and current ({details})",
        )
    )


def _missing(
    run: _Run, language: str, planned: list[PlannedCatalog], catalogs: dict[str, Catalog | None]
) -> None:
    """A warning for each version or edition that declares the language without a catalog."""
    for plan in planned:
        if (
            plan.kind not in (CatalogKind.VERSION, CatalogKind.EDITION)
            or (run.root / plan.path).is_file()
        ):
            continue
        if plan.edition is not None and "languages" not in plan.edition.key_locations:
            continue  # an edition in its version's languages: its text falls back quietly
        subject = plan.version or plan.edition
        assert subject is not None
        required = (
            plan.version is not None
            and plan.standard is not None
            and language in plan.standard.required_languages
            and plan.version.status is VersionStatus.PUBLISHED
        )
        why = "requires" if required else "declares"
        run.diagnostics.append(
            diagnostic(
                Code.TRANSLATION_MISSING,
                subject.located("languages") if not required else subject.location,
                f"{plan.title} {why} a translation into '{language}', and {plan.path} "
                "does not exist",
                f"run `normkit translations update --lang {language}` to create it",
            )
        )
