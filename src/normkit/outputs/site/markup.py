"""Small HTML and Markdown helpers for generated pages."""

from __future__ import annotations

import datetime
import html
import json
import re
from typing import Any

from normkit.model.standard import FieldSpec, FieldType, FieldValue

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#!|~&])")


def md_text(value: str) -> str:
    """Plain text made safe for a Markdown heading or paragraph."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value.replace("\n", " "))


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def raw(fragment: str, css_class: str = "", **attributes: str) -> str:
    """A raw HTML block that Python-Markdown passes through untouched (`markdown="0"`)."""
    attrs = "".join(f' {name.replace("_", "-")}="{esc(v)}"' for name, v in attributes.items())
    cls = f' class="{esc(css_class)}"' if css_class else ""
    return f'\n<div{cls}{attrs} markdown="0">\n{fragment}\n</div>\n'


def applicability_labels(codes: tuple[str, ...], vocabulary: dict[str, str]) -> str:
    """`<li>` labels; a criterion that applies to every activity gets one label saying so."""
    if len(vocabulary) > 1 and set(codes) == set(vocabulary):
        return '<li class="nk-label nk-label-all">All activities</li>'
    return "".join(
        f'<li class="nk-label" data-code="{esc(code)}">{esc(vocabulary.get(code, code))}</li>'
        for code in codes
    )


def date_text(value: datetime.date | None) -> str:
    return value.isoformat() if value else "—"


def field_text(spec: FieldSpec, value: FieldValue) -> str:
    if value is None:
        return "—"
    if spec.type is FieldType.BOOLEAN:
        return "Yes" if value else "No"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "—"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def field_tokens(spec: FieldSpec, value: FieldValue) -> list[str]:
    """Values a filter can match: each choice of a list, `yes`/`no` for booleans."""
    if value is None:
        return []
    if spec.type is FieldType.BOOLEAN:
        return ["yes" if value else "no"]
    if isinstance(value, tuple):
        return list(value)
    return [field_text(spec, value)]


def json_script(element_id: str, data: Any) -> str:
    """Data embedded in a page; `</` is escaped so the JSON cannot close the script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("</", "<\\/")
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'
