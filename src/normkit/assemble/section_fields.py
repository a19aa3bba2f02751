"""`section` blocks: field values of structural headings, for fields declared `on:` a level."""

from __future__ import annotations

from dataclasses import replace

from normkit.assemble.criteria import walk
from normkit.assemble.drafts import VersionDraft
from normkit.assemble.fields import read_block_fields
from normkit.assemble.outline import DraftNode
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.metadata.declarations import SECTION_BLOCK
from normkit.model.standard import FieldSpec
from normkit.sources.yaml_values import parse_yaml_mapping


def level_name(node: DraftNode, levels: tuple[str, ...]) -> str:
    """The `section_levels` name of a structural heading's level ('' past the last)."""
    return levels[node.level - 1] if 0 < node.level <= len(levels) else ""


def read_section_fields(
    version: VersionDraft, levels: tuple[str, ...], trusted: bool = True
) -> list[Diagnostic]:
    """Every structural heading's field values (defaults applied), stored in the draft;
    without a readable standard.yml (`trusted` false) the fields given are not judged."""
    diagnostics: list[Diagnostic] = []
    for node in walk(version.outline):
        if node.is_leaf:
            continue
        name = level_name(node, levels)
        specs = version.section_fields(name) if name else ()
        defaults = {spec.name: spec.default for spec in specs}
        version.section_values[id(node)] = defaults
        meta = node.section_meta
        if meta is None:
            diagnostics.extend(_missing(node, specs))
            continue
        mapping, problems = parse_yaml_mapping(meta.content, meta.location.path, meta.first_line)
        diagnostics.extend(problems)
        if mapping is None:
            continue
        hint = (
            f"declare it under 'fields' in standard.yml with `on: {name}`"
            if name
            else f"heading level {node.level} has no name in section_levels, so its "
            "sections have no fields"
        )
        block = replace(SECTION_BLOCK, unknown_hint=hint, by_name={})
        unchecked = version.broken_fields if trusted else frozenset(mapping.values)
        _, values, problems = read_block_fields(
            mapping, block, specs, unchecked, version.retired_fields
        )
        diagnostics.extend(problems)
        version.section_values[id(node)] = values
    return diagnostics


def _missing(node: DraftNode, specs: tuple[FieldSpec, ...]) -> list[Diagnostic]:
    return [
        diagnostic(
            Code.FIELD_REQUIRED,
            node.chunk.location,
            f"section '{node.chunk.heading}' needs required field '{spec.name}'",
            f"give it in a ```section block right under the heading: `{spec.name}: …`",
        )
        for spec in specs
        if spec.required and spec.default is None
    ]
