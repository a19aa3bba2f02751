"""Reading built files back as a reader (or a search for a name) would: the numbered lines of
a PDF as its margin shows them, and the text of any built file."""

from __future__ import annotations

import gzip
import html
import re
import subprocess
import zipfile
from pathlib import Path

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def numbered_lines(pdf: Path) -> dict[int, tuple[int, str]]:
    """Line number (as printed in the margin) → (page, the text on that line), from the word
    boxes pdftotext reads back."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found: dict[int, tuple[int, str]] = {}
    for page_number, page in enumerate(boxes.split("<page ")[1:], start=1):
        words = [
            (float(x0), float(y0), float(x1), float(y1), html.unescape(text))
            for x0, y0, x1, y1, text in _WORD.findall(page)
        ]
        margin = [w for w in words if w[0] < 60 and w[4].isdigit() and w[3] - w[1] < 9]
        for number in margin:
            middle = (number[1] + number[3]) / 2
            line = sorted(
                w
                for w in words
                if w[0] > number[2] + 2 and abs((w[1] + w[3]) / 2 - middle) < 4 and w[3] - w[1] < 40
            )
            found[int(number[4])] = (page_number, " ".join(w[4] for w in line).replace("\xad", ""))
    return found


def readable_text(path: Path) -> str:
    """What a person or a search could read in a built file: PDF text, every member of a ZIP
    (XLSX, DOCX), gzip-compressed search fragments, or the file itself."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data).decode("utf-8", "replace")
    return data.decode("utf-8", "replace")


def files_mentioning(root: Path, words: list[str]) -> list[str]:
    """Every file under `root` (links followed) in which any of `words` can be read, in any
    escaping HTML or JSON could give it."""
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        text = readable_text(path)
        plain = html.unescape(text)
        for word in words:
            escaped = word.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
            if word in text or word in plain or escaped in text:
                found.append(f"{path.relative_to(root)}: {word}")
    return found
