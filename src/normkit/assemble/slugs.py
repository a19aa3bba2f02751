"""Slugs for anchors, page names and term ids: Unicode letters kept, the rest hyphens.

python-slugify with `allow_unicode` keeps `énergie-propre` and `水の管理` instead of dropping
every non-ASCII letter, and gives ASCII headings the slugs they always had
(`5.3 Greenhouse gas targets` → `5-3-greenhouse-gas-targets`).
"""

from __future__ import annotations

import re

from slugify import slugify as _unicode_slugify

SLUG_PATTERN = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")
"""A slug: runs of Unicode letters and digits joined by single hyphens."""


def slugify(text: str, fallback: str = "section") -> str:
    """`text` as a lower-case slug; `fallback` when nothing of it is a letter or digit."""
    return _unicode_slugify(text, allow_unicode=True) or fallback


def is_slug(text: str) -> bool:
    return bool(SLUG_PATTERN.match(text)) and text == text.lower()
