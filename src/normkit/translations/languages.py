"""Language tags (BCP 47) and what normkit needs to know about a language: its name in its
own language, the Material for MkDocs interface language that fits it, and its script."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel is imported when a language is looked up: most projects have one
    from babel import Locale

TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")
"""A language tag as normkit accepts it: language, optional script, optional region
(`fr`, `zh-Hans`, `pt-BR`, `sr-Latn-RS`), cased as BCP 47 recommends."""
TAG_DOC = "a BCP 47 language tag such as `fr`, `zh-Hans` or `pt-BR`"

MATERIAL_LANGUAGES = frozenset(
    (
        "af",
        "ar",
        "az",
        "be",
        "bg",
        "bn",
        "ca",
        "cs",
        "cy",
        "da",
        "de",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "fi",
        "fr",
        "gl",
        "he",
        "hi",
        "hr",
        "hu",
        "hy",
        "id",
        "is",
        "it",
        "ja",
        "ka",
        "kn",
        "ko",
        "ku-IQ",
        "lb",
        "lt",
        "lv",
        "mk",
        "mn",
        "ms",
        "my",
        "nb",
        "nl",
        "nn",
        "pl",
        "pt",
        "pt-BR",
        "ro",
        "ru",
        "sa",
        "sh",
        "si",
        "sk",
        "sl",
        "sq",
        "sr",
        "sv",
        "ta",
        "te",
        "th",
        "tl",
        "tr",
        "uk",
        "ur",
        "uz",
        "vi",
        "zh",
        "zh-Hant",
        "zh-TW",
    )
)
"""The interface languages of Material for MkDocs 9 (`partials/languages/`)."""


def is_valid_tag(tag: str) -> bool:
    """A well-formed tag that Babel (CLDR) knows."""
    return TAG.match(tag) is not None and _locale(tag) is not None


def suggest_tag(tag: str) -> str:
    """`zh_hans` → `zh-Hans`, `FR` → `fr`: the tag as BCP 47 writes it, for a hint."""
    parts = re.split(r"[-_]", tag.strip())
    if not parts or not parts[0]:
        return ""
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        fixed.append(part.capitalize() if len(part) == 4 else part.upper())
    return "-".join(fixed)


@cache
def _locale(tag: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return None


def locale(tag: str) -> Locale:
    """Babel's locale for a valid tag (English for one it does not know)."""
    from babel import Locale

    return _locale(tag) or Locale("en")


def own_name(tag: str) -> str:
    """The language's name in itself, as a switcher lists it (`Français`, `中文 (简体)`)."""
    name = locale(tag).get_display_name() or tag
    return name[:1].upper() + name[1:]


def english_name(tag: str) -> str:
    return locale(tag).get_display_name("en") or tag


def material_language(tag: str) -> str:
    """Material's interface language for a tag: the tag itself, else its language with a
    script or region Material has, else English."""
    if tag in MATERIAL_LANGUAGES:
        return tag
    language, *rest = tag.split("-")
    if language == "zh":
        traditional = "Hant" in rest or any(region in rest for region in ("TW", "HK", "MO"))
        return "zh-Hant" if traditional else "zh"
    return language if language in MATERIAL_LANGUAGES else "en"


def uses_cjk(tag: str) -> bool:
    """Whether the language is written in a CJK script (fonts, line breaking, term matching)."""
    return tag.split("-")[0] in ("zh", "ja", "ko", "yue")


def typst_language(tag: str) -> tuple[str, str | None]:
    """Typst's `lang` (ISO 639) and `region` (ISO 3166) for a tag; Simplified Chinese is
    typeset as in mainland China, Traditional as in Taiwan."""
    language, *rest = tag.split("-")
    region = next((part for part in rest if len(part) == 2 and part.isupper()), None)
    if language == "zh" and region is None:
        region = "TW" if "Hant" in rest else "CN"
    return language, region
