"""OSCAL prose as normkit Markdown: parameters rendered as NIST prints them, links to
controls as cross-references, links to back-matter resources as their web addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from normkit.importers.markdown_text import escape_html_in_markdown

_INSERT = re.compile(r"\{\{\s*insert:\s*param\s*,\s*([^\s}]+)\s*\}\}")
LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\[\]\\\n])*)\]\(#([^)\s]+)\)")
"""`[label](#fragment)`; a backslash-escaped bracket (`\\[`, as normkit writes prose) is text."""


@dataclass(slots=True)
class CatalogText:
    """What prose conversion needs to know about the whole catalog."""

    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Every parameter by id."""
    resources: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Back-matter resource uuid → (title, first web address or '')."""
    targets: dict[str, str] = field(default_factory=dict)
    """OSCAL control or statement-part id → normkit reference target (`ac-2-1`, `ac-2.k`)."""

    def parameter(self, param_id: str, seen: frozenset[str] = frozenset()) -> str:
        """`[Assignment: organization-defined frequency]`, `[Selection (one or more): a; b]`,
        with brackets escaped so that they stay text."""
        param = self.params.get(param_id)
        if param is None or param_id in seen:
            return f"\\[{param_id}\\]"
        seen = seen | {param_id}
        select = param.get("select")
        if isinstance(select, dict):
            choices = [self.inline(c, seen).strip() for c in select.get("choice", [])]
            many = select.get("how-many") == "one-or-more"
            head = "Selection (one or more)" if many else "Selection"
            return f"\\[{head}: {'; '.join(choices)}\\]"
        if param.get("label"):
            return f"\\[Assignment: {self.inline(param['label'], seen).strip()}\\]"
        guidelines = [g["prose"] for g in param.get("guidelines", []) if g.get("prose")]
        if guidelines:
            text = " ".join(" ".join(g.split()) for g in guidelines)
            return f"\\[Assignment: {self.inline(text, seen)}\\]"
        values = param.get("values") or []
        if values:
            return ", ".join(self.inline(v, seen) for v in values)
        return f"\\[Assignment: {param_id}\\]"

    def inline(self, prose: str, seen: frozenset[str] = frozenset()) -> str:
        """Prose with parameters inserted and links rewritten (no HTML escaping yet)."""
        text = _INSERT.sub(lambda m: self.parameter(m.group(1), seen), prose)
        return LINK.sub(self._link, text)

    def _link(self, match: re.Match[str]) -> str:
        label, fragment = match.group(1), match.group(2)
        if fragment in self.targets:
            target = self.targets[fragment]
            return f"[[{target}|{label}]]" if label else f"[[{target}]]"
        if fragment in self.resources:
            title, href = self.resources[fragment]
            shown = label or title
            return f"[{shown}]({href})" if href else shown
        return label

    def markdown(self, prose: str) -> str:
        """Prose as normkit Markdown."""
        return escape_html_in_markdown(self.inline(prose)).strip()
