"""YAML with positions: every value keeps the line and column where it was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YamlPath = tuple[str | int, ...]


@dataclass(slots=True)
class YamlMapping:
    """A parsed YAML mapping and where each of its values is."""

    values: dict[str, Any]
    """The mapping, as PyYAML's safe loader constructs it."""
    origin: Location
    """Where the mapping starts."""
    positions: dict[YamlPath, Location] = field(default_factory=dict)
    """Location of every key's value, by path (`("fields", "criticality", "type")`)."""
    key_positions: dict[YamlPath, Location] = field(default_factory=dict)
    """Location of every key itself."""

    def at(self, *path: str | int) -> Location:
        """Location of the value at `path`, or of the nearest enclosing value."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.origin

    def key_at(self, *path: str | int) -> Location:
        return self.key_positions.get(path, self.at(*path))


def parse_yaml_mapping(
    text: str, path: str, first_line: int = 1, first_column: int = 1
) -> tuple[YamlMapping | None, list[Diagnostic]]:
    """Parse `text` (which starts at `first_line` of `path`) into a located mapping."""

    def locate(mark: yaml.Mark | None) -> Location:
        if mark is None:
            return Location(path=path, line=first_line, column=first_column)
        return Location(path=path, line=first_line + mark.line, column=mark.column + 1)

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(filter(None, [error.context, error.problem]))
        return None, [diagnostic(Code.YAML_MALFORMED, locate(mark), f"malformed YAML: {message}")]
    except yaml.YAMLError as error:
        return None, [diagnostic(Code.YAML_MALFORMED, locate(None), f"malformed YAML: {error}")]
    finally:
        loader.dispose()
    if values is None:
        values = {}
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        return None, [
            diagnostic(
                Code.YAML_NOT_MAPPING,
                locate(node.start_mark if node is not None else None),
                "expected a mapping of `key: value` lines",
            )
        ]
    origin = locate(node.start_mark if node is not None else None)
    mapping = YamlMapping(values=values, origin=origin)
    if node is not None:
        _record(node, (), mapping, locate)
    return mapping, []


def _record(node: yaml.Node, path: YamlPath, mapping: YamlMapping, locate: Any) -> None:
    mapping.positions[path] = locate(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            mapping.key_positions[(*path, key)] = locate(key_node.start_mark)
            _record(value_node, (*path, key), mapping, locate)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), mapping, locate)
