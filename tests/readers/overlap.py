"""Text drawn over other text in a PDF, found from the word boxes poppler reads back.

`pdftotext -bbox` gives each word's box (from its font's ascent to its descent), the way a
reader's eye sees it. Two words overlap when their boxes intersect by more than a sliver
and they sit on different lines. Diagonal text (the DRAFT watermark, drawn over the page on
purpose) is left out by `-nodiag`. poppler is fast enough to read every generated PDF in the
test suite (pdfplumber took minutes for the demo's PDFs).
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

BAND = 8.0
"""Height of the buckets words are sorted into, so only neighbours are compared."""
SAME_LINE = 2.0
"""Words whose boxes end closer than this (points) are on one line."""
MIN_SHARE = 0.15
"""Share of the smaller box that must be covered to count as overlapping."""


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.bottom - self.top)


def _line_text(words: list[Word], near: Word) -> str:
    line = sorted((w for w in words if abs(w.bottom - near.bottom) < SAME_LINE), key=lambda w: w.x0)
    return " ".join(w.text for w in line)[:60]


def page_overlaps(words: list[Word]) -> list[tuple[str, str]]:
    """(line, line) for each pair of lines with overlapping words on one page."""
    buckets: dict[int, list[int]] = defaultdict(list)
    for index, word in enumerate(words):
        for band in range(int(word.top // BAND), int(word.bottom // BAND) + 1):
            buckets[band].append(index)
    found: dict[tuple[float, float], tuple[str, str]] = {}
    for members in buckets.values():
        for position, first in enumerate(members):
            a = words[first]
            for second in members[position + 1 :]:
                b = words[second]
                if abs(a.bottom - b.bottom) < SAME_LINE:
                    continue
                width = min(a.x1, b.x1) - max(a.x0, b.x0)
                height = min(a.bottom, b.bottom) - max(a.top, b.top)
                if width <= 0 or height <= 0:
                    continue
                smaller = min(a.area, b.area)
                if smaller > 0 and width * height > MIN_SHARE * smaller:
                    upper, lower = sorted((a, b), key=lambda w: w.bottom)
                    key = (round(upper.bottom, 1), round(lower.bottom, 1))
                    found.setdefault(key, (_line_text(words, upper), _line_text(words, lower)))
    return list(found.values())


def pages_words(path: Path) -> list[list[Word]]:
    """Every page's words with their boxes, as `pdftotext -bbox -nodiag` reads them."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-nodiag", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    ).stdout
    pages = []
    for page in ElementTree.fromstring(xhtml).iter("{http://www.w3.org/1999/xhtml}page"):
        pages.append(
            [
                Word(
                    word.text or "",
                    float(word.attrib["xMin"]),
                    float(word.attrib["yMin"]),
                    float(word.attrib["xMax"]),
                    float(word.attrib["yMax"]),
                )
                for word in page.iter("{http://www.w3.org/1999/xhtml}word")
            ]
        )
    return pages


def overlapping_lines(path: Path) -> list[str]:
    """`file page N: 'line' overlaps 'line'` for every overlap in a PDF."""
    return [
        f"{path.name} page {number}: {upper!r} overlaps {lower!r}"
        for number, words in enumerate(pages_words(path), start=1)
        for upper, lower in page_overlaps(words)
    ]
