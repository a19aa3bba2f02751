"""The catalog template of normkit's interface labels (`locale/normkit.pot`), extracted from
its code and templates with Babel: every `_("…")` and `N_("…")` in Python, every `_("…")` in
the Jinja2 templates. `normkit translations labels` prints it; a test keeps the packaged one
current, so a label added to a template reaches translators."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import polib
from babel.messages.extract import extract_from_dir

METHODS = [("**.py", "python"), ("**/templates/**.j2", "jinja2.ext:babel_extract")]
OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}
KEYWORDS = {"_": None, "N_": None}


def package_folder() -> Path:
    return Path(str(resources.files("normkit")))


def extract_labels() -> list[tuple[str, list[tuple[str, int]]]]:
    """Each label once, in the order of the files (sorted) and lines that first use it."""
    root = package_folder()
    found: dict[str, list[tuple[str, int]]] = {}
    for filename, line, message, _comments, _context in sorted(
        extract_from_dir(str(root), method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS),
        key=lambda item: (item[0], item[1]),
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, []).append((filename, line))
    return list(found.items())


def labels_pot() -> str:
    """The template as PO text, deterministic (no dates)."""
    pot = polib.POFile(wrapwidth=78, encoding="utf-8")
    pot.header = (
        "normkit's interface labels: the words outputs generate around the sources.\n"
        "Regenerate with `normkit translations labels > "
        "src/normkit/translations/locale/normkit.pot`."
    )
    pot.metadata = {
        "Project-Id-Version": "normkit",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for message, places in extract_labels():
        entry = polib.POEntry(
            msgid=message, msgstr="", occurrences=[(f, str(n)) for f, n in places]
        )
        if "{" in message:
            entry.flags.append("python-brace-format")
        elif "%(" in message:
            entry.flags.append("python-format")
        pot.append(entry)
    return str(pot) + "\n"
