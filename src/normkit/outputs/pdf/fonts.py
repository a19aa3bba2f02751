"""The language of a printed document and the fonts that cover its script.

Latin, Greek and Cyrillic text is set in Libertinus Serif, which typst carries. Chinese,
Japanese and Korean need fonts typst does not carry: Debian's Noto CJK (`fonts-noto-cjk`,
installed by scripts/setup.sh), given to typst by folder. The CJK font follows Libertinus in
the font list, so Latin text (numbers, ids, English fallback) keeps the house style and every
CJK character is taken from Noto.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from normkit.environment import EnvironmentFailure
from normkit.translations.labels import _
from normkit.translations.languages import typst_language, uses_cjk

SERIF = "Libertinus Serif"
MONO = "DejaVu Sans Mono"
CJK_FOLDERS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/local/share/fonts/noto-cjk",
)
"""Where distributions put Noto CJK (Debian and Ubuntu first)."""
CJK_FILE = "NotoSerifCJK-Regular.ttc"
CJK_FAMILIES = {"zh-Hant": "TC", "zh": "SC", "ja": "JP", "ko": "KR"}
"""Noto CJK's family suffix per language: the same collection, regional glyph forms."""


@dataclass(frozen=True, slots=True)
class PrintLanguage:
    """How a document in one language is typeset."""

    tag: str
    """BCP 47 tag of the document's language (`en` for the sources)."""
    lang: str
    """typst's `lang` (ISO 639-1), written into the PDF as its language."""
    region: str | None
    fonts: tuple[str, ...]
    """Body fonts, in order of preference."""
    mono: tuple[str, ...]
    """Code fonts, in order of preference."""
    font_paths: tuple[str, ...]
    """Folders typst reads fonts from, besides its own."""


def cjk_family(tag: str) -> str:
    language, *rest = tag.split("-")
    key = (
        "zh-Hant"
        if language == "zh" and ("Hant" in rest or "TW" in rest or "HK" in rest)
        else language
    )
    return f"Noto Serif CJK {CJK_FAMILIES.get(key, 'SC')}"


@cache
def cjk_folder() -> str:
    """The folder holding Noto CJK; an environment failure when there is none."""
    for folder in CJK_FOLDERS:
        if (Path(folder) / CJK_FILE).is_file():
            return folder
    raise EnvironmentFailure(
        f"no Noto CJK fonts ({CJK_FILE}) for a Chinese, Japanese or Korean document",
        "install Debian's fonts-noto-cjk (bash scripts/setup.sh does)",
    )


def print_language(tag: str) -> PrintLanguage:
    """The typesetting of a document in `tag` (empty: the source language, British English)."""
    if not tag:
        return PrintLanguage("en", "en", "GB", (SERIF,), (MONO,), ())
    lang, region = typst_language(tag)
    if uses_cjk(tag):
        family = cjk_family(tag)
        return PrintLanguage(tag, lang, region, (SERIF, family), (MONO, family), (cjk_folder(),))
    return PrintLanguage(tag, lang, region, (SERIF,), (MONO,), ())


def page_of() -> tuple[str, str, str]:
    """ "Page {page} of {total}" in the current language, cut around the two numbers."""
    text = _("Page {page} of {total}")
    before, _page, rest = text.partition("{page}")
    between, _total, after = rest.partition("{total}")
    return before, between, after


def font_files(paths: tuple[str, ...]) -> str:
    """What identifies the fonts of `paths` (names and sizes), for cache keys."""
    found = []
    for folder in paths:
        for path in sorted(Path(folder).glob("*")):
            if path.is_file():
                found.append(f"{path.name}:{path.stat().st_size}")
    return ",".join(found)
