"""A translated criterion's Markdown puts its translated parts back as the ordered list
they came from: each item's continuation lines sit under its own marker, however wide
(`compose_body`), so a part's table or nested list stays inside its item."""

from __future__ import annotations

from normkit.model.location import Location
from normkit.model.standard import Part
from normkit.model.text import Text
from normkit.sources.markdown import parser
from normkit.translations.versions import compose_body

_HERE = Location(path="standards/demo/v2/01.md", line=1, column=1)


def _text(markdown: str) -> Text:
    return Text(markdown=markdown, pieces=(), plain=markdown)


def test_the_tenth_part_keeps_its_table_and_nested_list() -> None:
    markdowns = [f"item {index};" for index in range(1, 10)]
    markdowns.append("with a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- nested;\n- list.")
    parts = tuple(
        Part(label=chr(ord("a") + index), number="", text=_text(markdown), location=_HERE)
        for index, markdown in enumerate(markdowns)
    )
    body = compose_body("c", _text("The Entity:"), parts, _text(""))
    html = parser().render(body.markdown)
    assert html.count("<ol>") == 1 and html.count("</ol>") == 1
    tenth = html.split("<li>", 10)[10]  # the tenth item and all after it
    assert "<table>" in tenth and "<ul>" in tenth
    assert tenth.index("</ul>") < tenth.index("</ol>")
