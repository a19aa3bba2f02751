"""The line map a consultation register keeps of the draft's PDF as issued for comment.

```
consultations/<standard>/<version>/lines.json   written by `normkit consultation lines`
```

It holds the digest of the document laid out (`outputs/pdf/lines.py`: the draft's typst
input and the versions of typst and pandoc, the same wherever they are installed:
`environment.pandoc_identity`) and the lines of every criterion, part and
section in it. `check` uses it instead of laying the draft out while the draft is still that
document; a file that cannot be read, or of another document, is not used (the draft is
laid out, as without one).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from normkit.model.consultation import LineMap, LineRange

FILE_NAME = "lines.json"
MAX_BYTES = 5_000_000
"""A larger file is not read (a draft of thousands of criteria needs a few hundred kB)."""
_FIELDS = ("first_line", "last_line", "first_page", "last_page")


def issued_lines_path(root: Path, standard: str, version: str) -> Path:
    return root / "consultations" / standard / version / FILE_NAME


def read_issued_lines(path: Path, digest: str) -> LineMap | None:
    """The line map in `path` if it is of the document with `digest`, else None."""
    try:
        if path.is_symlink() or path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("document") != digest:
        return None
    lines = data.get("lines")
    if not isinstance(lines, dict):
        return None
    ranges: dict[str, LineRange] = {}
    for key, value in lines.items():
        if not _is_range(value):
            return None
        ranges[key] = LineRange(**{name: value[name] for name in _FIELDS})
    return LineMap(ranges)


def _is_range(value: Any) -> bool:
    return isinstance(value, dict) and all(
        type(value.get(name)) is int for name in _FIELDS
    )  # `type(...) is int`: not a bool


def write_issued_lines(path: Path, digest: str, found: LineMap) -> None:
    """Write the line map of the document with `digest` (sorted, one range a line, so that a
    change of the draft's layout reads as a diff)."""
    lines = {
        key: {name: getattr(found.ranges[key], name) for name in _FIELDS}
        for key in sorted(found.ranges)
    }
    body = ",\n".join(
        f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value)}"
        for key, value in lines.items()
    )
    text = f'{{\n "document": {json.dumps(digest)},\n "lines": {{\n{body}\n }}\n}}\n'
    path.write_text(text, encoding="utf-8")
