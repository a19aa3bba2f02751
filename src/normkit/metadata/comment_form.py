"""The comment form's columns and vocabularies, declared once: the form writer, the register
reader and the docs follow from them."""

from __future__ import annotations

from enum import StrEnum

from normkit.model.consultation import CommentType
from normkit.model.records import record


class Role(StrEnum):
    """What a column of the comment form holds."""

    NUMBER = "number"
    ID = "id"
    TITLE = "title"
    LINES = "lines"
    PAGES = "pages"
    LINE = "line"
    ORGANISATION = "organisation"
    GROUP = "group"
    NAME = "name"
    PUBLISH = "publish"
    TYPE = "type"
    COMMENT = "comment"
    PROPOSED = "proposed"


@record
class Column:
    """A column of the comment form."""

    role: Role
    header: str
    """The header as the form writes it (read back in any case)."""
    prefilled: bool
    """Filled by normkit from the draft; the commenter leaves it as it is."""
    width: int
    """Column width in the XLSX form, in characters."""
    description: str


COLUMNS: tuple[Column, ...] = (
    Column(Role.NUMBER, "Number", True, 9, "The criterion's, part's or section's number."),
    Column(
        Role.ID,
        "Id",
        True,
        26,
        "What the row is about: a criterion id (`ghg-targets`), a part (`ghg-targets.b`), a "
        "section (`section:5-climate-change`) or the whole draft (`(general)`).",
    ),
    Column(Role.TITLE, "Title", True, 34, "Its title, for reading."),
    Column(Role.LINES, "Lines", True, 11, "Its lines in the consultation PDF (`412–431`)."),
    Column(Role.PAGES, "Pages", True, 8, "Its pages in the consultation PDF."),
    Column(
        Role.LINE,
        "Line",
        False,
        10,
        "Optional: the line or lines the comment is about (`415`, `415-418`, `415, 420`), "
        "within the row's lines.",
    ),
    Column(
        Role.ORGANISATION,
        "Organisation",
        False,
        24,
        "The commenting organisation (always published); may be empty for an individual who "
        "gives a name.",
    ),
    Column(Role.GROUP, "Stakeholder group", False, 22, "Required: one of the declared groups."),
    Column(Role.NAME, "Name", False, 20, "The commenter's name."),
    Column(
        Role.PUBLISH,
        "Publish name",
        False,
        9,
        "`Yes` to consent to the name being published with the comment; empty means no.",
    ),
    Column(Role.TYPE, "Type", False, 11, "Required: `general`, `technical` or `editorial`."),
    Column(Role.COMMENT, "Comment", False, 60, "Required: the comment."),
    Column(Role.PROPOSED, "Proposed change", False, 50, "Optional: the wording proposed."),
)
"""In the order the form writes them; a received form may order them any way."""

SHEET_NAME = "Comments"
"""The sheet of the XLSX form that holds the rows (the first sheet is the instructions)."""

CONTENT_ROLES = (Role.LINE, Role.TYPE, Role.COMMENT, Role.PROPOSED)
"""A row with any of these filled is a comment; rows with only the commenter's identity
(an organisation copied down the column) are not."""

YES = ("yes", "y", "true", "1", "x")
NO = ("no", "n", "false", "0", "")

TYPE_ALIASES: dict[str, CommentType] = {
    **{t.value: t for t in CommentType},
    # ISO commenting templates abbreviate the types.
    "ge": CommentType.GENERAL,
    "te": CommentType.TECHNICAL,
    "ed": CommentType.EDITORIAL,
}

TYPE_MEANINGS: dict[CommentType, str] = {
    CommentType.GENERAL: "about the draft's approach, scope or intent",
    CommentType.TECHNICAL: "about what a requirement asks, or whether it can be met or audited",
    CommentType.EDITORIAL: "about wording, clarity, consistency or typography",
}


def column(role: Role) -> Column:
    return next(c for c in COLUMNS if c.role is role)
