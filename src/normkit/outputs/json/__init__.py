"""Criteria JSON: one file per standard version, an index, and the JSON Schema."""

from normkit.outputs.json.writer import write_json

__all__ = ["write_json"]
