"""Writing every changeset of a build: JSON (+ schema), "Summary of changes" PDF, redline DOCX.

`out/<standard>/<old>..<new>.json|.pdf|.docx` per version and the version it supersedes,
`out/<standard>/guidance/<old>..<new>.json` per guidance edition and its predecessor, and
`out/schema/*.schema.json`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from normkit.derived import Derived, derived_for
from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.outputs.consultation.answers import answers_for
from normkit.outputs.context import BuildContext
from normkit.outputs.diff.changesets import edition_pairs
from normkit.outputs.diff.redline import write_redline_docx
from normkit.outputs.diff.serialise import changeset_document, guidance_changeset_document
from normkit.outputs.diff.suggestion_cache import cached_suggestions
from normkit.outputs.diff.summary import summary_html
from normkit.outputs.docx.writer import reference_docx
from normkit.outputs.json.text import json_text
from normkit.outputs.pdf.engine import html_to_pdf
from normkit.outputs.render_cache import RenderCache
from normkit.revisions import compare_guidance
from normkit.revisions.comparison import renamed_ids

SCHEMAS = ("changeset.schema.json", "guidance-changeset.schema.json")


def dump(document: Any) -> str:
    return json_text(document)


def schema_text(name: str = SCHEMAS[0]) -> str:
    return resources.files("normkit.outputs.diff").joinpath(name).read_text(encoding="utf-8")


def renamed_between(
    derived: Derived, old_name: str, new_name: str, edition: GuidanceEdition
) -> dict[str, str]:
    """Old id → new id for criteria renamed between the versions two editions serve."""
    old = derived.corpus.version(edition.standard, old_name)
    new = derived.corpus.version(edition.standard, new_name)
    if old is None or new is None or old is new or new.supersedes != old.name:
        return {}
    return renamed_ids(derived.changeset(old, new).changes)


def write_diff(corpus: Corpus, out: Path, context: BuildContext) -> None:
    (out / "schema").mkdir(parents=True, exist_ok=True)
    for name in SCHEMAS:
        (out / "schema" / name).write_text(schema_text(name), encoding="utf-8")
    reference_doc = reference_docx(context.project)
    derived = derived_for(corpus, context.derived)
    cache = RenderCache(context.cache / "diff")
    for old, new in derived.version_pairs():
        standard = corpus.standard(new.standard)
        assert standard is not None
        changeset = derived.changeset(old, new)
        cached_suggestions(changeset, cache)  # before anything below reads them
        folder = out / standard.slug
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{old.name}..{new.name}"
        (folder / f"{stem}.json").write_text(
            dump(changeset_document(changeset, old, new)), encoding="utf-8"
        )
        write_redline_docx(
            changeset, standard, old, new, folder / f"{stem}.docx", reference_doc, cache
        )
        html_to_pdf(
            summary_html(changeset, old, new, answers_for(corpus, old)),
            folder / f"{stem}.pdf",
            title=f"Summary of changes: {new.title}",
            subtitle=f"What changed from {old.title} to {new.title}",
            status=str(new.status).capitalize(),
            author=standard.owner,
            cache=cache,
        )
    cache.prune()
    for old_edition, new_edition in edition_pairs(corpus):
        folder = out / new_edition.standard / "guidance"
        folder.mkdir(parents=True, exist_ok=True)
        renamed = renamed_between(derived, old_edition.serves, new_edition.serves, new_edition)
        changes = compare_guidance(old_edition, new_edition, renamed)
        document = guidance_changeset_document(changes)
        (folder / f"{old_edition.name}..{new_edition.name}.json").write_text(
            dump(document), encoding="utf-8"
        )
