"""The review file: proposed `replaces` entries the team edits, and reading it back.

```yaml
standard: performance
version: v3
replaces:
  water-withdrawal:   # 7.2 Water withdrawal (standards/performance/v3/02-environment.md:215)
    - water-management   # split, confidence 0.99: 7.2 Water management
```

Every proposed link is one list item with its kind, confidence and the old criterion's
label as a comment, so that deleting a line rejects one link. Old criteria left with no
successor are listed in comments at the end.
"""

from __future__ import annotations

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.location import Location
from normkit.model.records import record
from normkit.model.standard import Version
from normkit.revisions.successors.links import Lineage
from normkit.sources.yaml_values import parse_yaml_mapping


def _label(version: Version, criterion_id: str) -> str:
    criterion = version.criterion(criterion_id)
    return criterion.label if criterion else criterion_id


def review_text(lineage: Lineage, old: Version, new: Version, min_confidence: float) -> str:
    """The review file for the links of `lineage` at `min_confidence` or above."""
    lines = [
        f"# Successors proposed for {new.key} from {old.key} (confidence ≥ {min_confidence:.2f}),",
        "# from text similarity, containment, section and neighbourhood. Review every entry:",
        "# delete a wrong id (or a whole criterion), add a missing one, then apply the file with",
        "#   normkit apply-replaces THIS-FILE",
        f"standard: {new.standard}",
        f"version: {new.name}",
    ]
    by_new: dict[str, list[str]] = {}
    for link in lineage.links:
        if link.confidence < min_confidence:
            continue
        changes = (
            f" ({', '.join(link.changes)})" if link.changes and link.kind == "one-to-one" else ""
        )
        by_new.setdefault(link.new_id, []).append(
            f"    - {link.old_id}  # {link.kind}, confidence {link.confidence:.2f}: "
            f"{_label(old, link.old_id)}{changes}"
        )
    order = [c.id for c in new.criteria() if c.id in by_new]
    lines.append("replaces:" if order else "replaces: {}  # no successor found")
    for new_id in order:
        criterion = new.criterion(new_id)
        where = f" ({criterion.location.path}:{criterion.location.line})" if criterion else ""
        lines.append(f"  {new_id}:  # {_label(new, new_id)}{where}")
        lines.extend(by_new[new_id])
    if lineage.dropped:
        lines.append("# No successor found (confidence that there is none):")
        lines.extend(
            f"#   {d.old_id}: {d.confidence:.2f}  {_label(old, d.old_id)}" for d in lineage.dropped
        )
    return "\n".join(lines) + "\n"


@record
class Review:
    """A review file read back: the `replaces` ids to add, per criterion of one version."""

    standard: str
    """Slug of the standard."""
    version: str
    """Name of the version whose criteria get the entries."""
    entries: dict[str, tuple[tuple[str, Location], ...]]
    """New criterion id → the old ids to add, each with where it is written."""
    locations: dict[str, Location]
    """New criterion id → where it is written; also `standard` and `version`."""


def read_review(text: str, path: str) -> tuple[Review | None, list[Diagnostic]]:
    mapping, problems = parse_yaml_mapping(text, path)
    if mapping is None:
        return None, problems

    def invalid(location: Location, message: str) -> Diagnostic:
        hint = "see the comments at the top of the file `normkit diff --suggest-replaces` wrote"
        return diagnostic(Code.REVIEW_INVALID, location, message, hint)

    values = mapping.values
    for key in ("standard", "version"):
        if not isinstance(values.get(key), str):
            problems.append(invalid(mapping.at(key), f"`{key}` must be given, as a name"))
    for key in sorted(set(values) - {"standard", "version", "replaces"}):
        problems.append(invalid(mapping.key_at(key), f"unknown key `{key}`"))
    listed = values.get("replaces") or {}
    if not isinstance(listed, dict):
        problems.append(invalid(mapping.at("replaces"), "`replaces` must map criterion ids"))
        listed = {}
    entries: dict[str, tuple[tuple[str, Location], ...]] = {}
    locations = {key: mapping.at(key) for key in ("standard", "version")}
    for new_id, old_ids in listed.items():
        locations[str(new_id)] = mapping.key_at("replaces", new_id)
        if old_ids is None:
            continue
        items = old_ids if isinstance(old_ids, list) else [old_ids]
        if not all(isinstance(item, str) for item in items):
            where = mapping.at("replaces", new_id)
            problems.append(invalid(where, f"the ids under `{new_id}` must be names"))
            continue
        entries[str(new_id)] = tuple(
            (item, mapping.at("replaces", new_id, index) if isinstance(old_ids, list) else where)
            for index, item in enumerate(items)
            for where in [mapping.at("replaces", new_id)]
        )
    if problems:
        return None, sorted(problems, key=lambda p: (p.location.line, p.location.column))
    review = Review(
        standard=str(values["standard"]),
        version=str(values["version"]),
        entries=entries,
        locations=locations,
    )
    return review, []


def check_review(review: Review, new: Version, old: Version) -> list[Diagnostic]:
    """Criteria the version does not have, and ids the version it supersedes does not."""
    known_old = [c.id for c in old.criteria()]
    problems = []
    for new_id, listed in review.entries.items():
        if new.criterion(new_id) is None:
            problems.append(
                diagnostic(
                    Code.REVIEW_UNKNOWN_CRITERION,
                    review.locations[new_id],
                    f"{new.key} has no criterion '{new_id}'",
                    did_you_mean(new_id, [c.id for c in new.criteria()])
                    or "name a criterion of the version by its id",
                )
            )
        for old_id, location in listed:
            if old_id not in known_old:
                problems.append(
                    diagnostic(
                        Code.REPLACES_UNKNOWN,
                        location,
                        f"criterion '{new_id}' would replace '{old_id}', which is not in {old.key}",
                        did_you_mean(old_id, known_old),
                    )
                )
    return problems
