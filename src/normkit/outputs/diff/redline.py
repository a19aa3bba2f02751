"""The redline DOCX: the new version with Word tracked changes (`w:ins`/`w:del`) from the old.

pandoc writes tracked changes from inline spans classed `insertion`/`deletion` (with author
and date), so every inserted or deleted run, whole paragraphs included, is such a span. The
document goes to pandoc as its JSON AST, so no text needs escaping.
"""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from itertools import groupby
from pathlib import Path
from typing import Any

from normkit.environment import pandoc_identity, pandoc_path, run_tool
from normkit.model.standard import Standard, Version
from normkit.outputs.diff.lines import change_lines, kind_label, show_value, withdrawal_note
from normkit.outputs.docx.writer import add_line_numbers
from normkit.outputs.render_cache import RenderCache, code_fingerprint, digest_of
from normkit.revisions.changeset import Changeset, CriterionChange
from normkit.revisions.words import Segment
from normkit.sources.plain import PART_LETTERS

PANDOC_API = [1, 23, 1, 1]
CLASSES = {"insert": "insertion", "delete": "deletion"}
WORD = re.compile(r"\S+|\s+")
REVISION = re.compile(r'<w:(ins|del) w:id="\d+"')
COMMENT_ID = re.compile(r'<w:commentRangeStart w:id="(\d+)"')
DOCUMENT_PART = "word/document.xml"
PART = re.compile(r"([a-z])\. ")
"""A criterion's lettered part as its plain text starts (`sources/plain.py`)."""

Inline = dict[str, Any]
Block = dict[str, Any]


SPACE: Inline = {"t": "Space"}
"""One object for every space: the AST is only serialised, never changed."""


def _words(text: str) -> list[Inline]:
    # A piece is a run of white space or of anything else: its first character says which.
    return [
        SPACE if piece[0].isspace() else {"t": "Str", "c": piece} for piece in WORD.findall(text)
    ]


class Redline:
    """Builds the AST; `author` and `date` go on every tracked change."""

    def __init__(self, author: str, date: str) -> None:
        self.author, self.date = author, date
        self.comments = 0

    def commented(self, inlines: list[Inline], note: str) -> list[Inline]:
        """`inlines` with a Word comment holding `note` (kept out of the text itself)."""
        comment_id = str(self.comments)
        self.comments += 1
        attrs = [["id", comment_id], ["author", self.author], ["date", self.date]]
        start = {"t": "Span", "c": [["", ["comment-start"], attrs], _words(note)]}
        end = {"t": "Span", "c": [["", ["comment-end"], [["id", comment_id]]], []]}
        return [start, *inlines, end]

    def inlines(self, segments: list[Segment]) -> list[Inline]:
        result: list[Inline] = []
        for segment in segments:
            words = _words(segment.text)
            css = CLASSES.get(segment.op)
            if css is None:
                result.extend(words)
            else:
                attrs = [["author", self.author], ["date", self.date]]
                result.append({"t": "Span", "c": [["", [css], attrs], words]})
        return result

    def heading(self, change: CriterionChange, title: list[Segment]) -> list[Segment]:
        old_number = change.old[0].number if change.old else ""
        new_number = change.new[0].number if change.new else ""
        numbers: list[Segment] = []
        if not change.old:
            numbers = [Segment("insert", f"{new_number} ")]
        elif not change.new:
            numbers = [Segment("delete", f"{old_number} ")]
        elif len(change.old) == 1 and len(change.new) == 1 and old_number != new_number:
            numbers = [Segment("delete", old_number), Segment("insert", new_number)]
            numbers.append(Segment("equal", " "))
        else:
            numbers = [Segment("equal", f"{new_number} ")]
        return [s for s in [*numbers, *title] if s.text]

    def change_blocks(self, change: CriterionChange, level: int, new: Version) -> list[Block]:
        lines = change_lines(change)
        title, body = (lines[0], lines[1:]) if lines else ([], [])
        heading = self.inlines(self.heading(change, title))
        if change.is_change:
            note = withdrawal_note(change) or ", ".join(kind_label(k) for k in change.kinds)
            if change.fields:
                note += ": " + "; ".join(
                    f"{f.label} {show_value(f.old)} → {show_value(f.new)}" for f in change.fields
                )
            heading = self.commented(heading, note)
        blocks: list[Block] = [{"t": "Header", "c": [level, ["", [], []], heading]}]
        for part, group in groupby(body, key=lambda line: _part_letter(line) is not None):
            lines = list(group)
            if not part:
                blocks.extend({"t": "Para", "c": self.inlines(line)} for line in lines)
                continue
            # A criterion's lettered parts as a Word list (a., b., c.) that Word numbers, not
            # as typed letters: an inserted or removed part renumbers the others.
            start = PART_LETTERS.index(_part_letter(lines[0]) or "a") + 1
            items = [[{"t": "Plain", "c": self.inlines(_without_letter(line))}] for line in lines]
            attributes = [start, {"t": "LowerAlpha"}, {"t": "Period"}]
            blocks.append({"t": "OrderedList", "c": [attributes, items]})
        return blocks


def _part_letter(line: list[Segment]) -> str | None:
    """The letter of a line that is a criterion's lettered part (`b. …`), as the new text has
    it (else the old); None for other lines."""
    new = "".join(s.text for s in line if s.op != "delete")
    old = "".join(s.text for s in line if s.op != "insert")
    for text in (new, old):
        match = PART.match(text)
        if match:
            return match.group(1)
    return None


def _without_letter(line: list[Segment]) -> list[Segment]:
    """The line without its letter and the space after it, on either side."""
    new_cut = old_cut = 0
    for text, side in (
        ("".join(s.text for s in line if s.op != "delete"), "new"),
        ("".join(s.text for s in line if s.op != "insert"), "old"),
    ):
        match = PART.match(text)
        if side == "new":
            new_cut = match.end() if match else 0
        else:
            old_cut = match.end() if match else 0
    result: list[Segment] = []
    for segment in line:
        text = segment.text
        if segment.op != "delete" and new_cut:
            taken = min(new_cut, len(text))
            new_cut -= taken
            if segment.op == "equal":
                old_cut -= min(old_cut, taken)
            text = text[taken:]
        elif segment.op == "delete" and old_cut:
            taken = min(old_cut, len(text))
            old_cut -= taken
            text = text[taken:]
        if text:
            result.append(Segment(segment.op, text))
    return result


def _section(change: CriterionChange) -> tuple[str, ...]:
    return change.new_sections if change.new else change.old_sections


def redline_document(
    changeset: Changeset, standard: Standard, old: Version, new: Version
) -> dict[str, Any]:
    date = new.published or old.published
    stamp = f"{date.isoformat()}T00:00:00Z" if date else "1970-01-01T00:00:00Z"
    builder = Redline(standard.owner or "normkit", stamp)
    title = f"Redline: {old.title} → {new.title}"
    blocks: list[Block] = [
        {
            "t": "Para",
            "c": _words(
                f"{new.title} with the changes from {old.title} shown as tracked changes. "
                f"{len(changeset.changed)} criteria changed."
            ),
        }
    ]
    current: tuple[str, ...] = ()
    for change in changeset.changes:
        section = _section(change)
        if section != current:
            for level, name in enumerate(section, start=1):
                if current[:level] != section[:level]:
                    blocks.append({"t": "Header", "c": [level, ["", [], []], _words(name)]})
            current = section
        blocks.extend(builder.change_blocks(change, min(6, len(section) + 1), new))
    meta = {"title": {"t": "MetaInlines", "c": _words(title)}}
    return {"pandoc-api-version": PANDOC_API, "meta": meta, "blocks": blocks}


def write_redline_docx(
    changeset: Changeset,
    standard: Standard,
    old: Version,
    new: Version,
    out: Path,
    reference_doc: Path | None,
    cache: RenderCache | None = None,
) -> None:
    """The redline of `old` → `new` into `out`; from `cache` when this exact document was
    rendered before (the same AST, reference document, pandoc and code)."""
    document = json.dumps(redline_document(changeset, standard, old, new))
    reference = reference_doc if reference_doc is not None and reference_doc.is_file() else None
    key = digest_of(
        [
            code_fingerprint(__name__, "normkit.outputs.docx.writer"),
            pandoc_identity(),
            document,
            reference.read_bytes() if reference is not None else b"",
        ]
    )

    def render() -> bytes:
        return _render_redline(document, reference, out.name)

    out.write_bytes((cache or RenderCache(None)).bytes_for(key, ".docx", render))


def _render_redline(document: str, reference: Path | None, name: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="normkit-redline-") as folder:
        target = Path(folder) / name
        command = [pandoc_path(), "-f", "json", "-t", "docx", "-o", str(target)]
        if reference is not None:
            command.append(f"--reference-doc={reference}")
        run_tool(
            command,
            what=f"the redline {name}",
            stdin=document.encode(),
            env={"SOURCE_DATE_EPOCH": "0"},
        )
        renumber_revisions(target)
        return target.read_bytes()


def renumber_revisions(docx: Path) -> None:
    """Give every `w:ins`/`w:del` its own id (pandoc counts insertions and deletions apart),
    after the ids of the comments; and turn on Word's line numbering."""
    with zipfile.ZipFile(docx) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    document = next(data for info, data in parts if info.filename == DOCUMENT_PART).decode()
    first = max((int(n) for n in COMMENT_ID.findall(document)), default=-1) + 1
    counter = iter(range(max(first, 1), 10_000_000))

    def number(match: re.Match[str]) -> str:
        return f'<w:{match.group(1)} w:id="{next(counter)}"'

    with zipfile.ZipFile(docx, "w") as archive:
        for info, data in parts:
            if info.filename == DOCUMENT_PART:
                data = REVISION.sub(number, data.decode("utf-8")).encode("utf-8")
                # Numbered lines, as in a consultation draft: a reviewer cites "line 212".
                data = add_line_numbers(data)
            archive.writestr(info, data)
