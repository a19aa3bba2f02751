"""Diagnostics: every content problem as a located, coded message; one enum of all codes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from enum import Enum, StrEnum

from normkit.model.location import Location
from normkit.model.records import record


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"
    """Information (a translation's coverage): never fails a check, not even `--strict`."""


class Code(Enum):
    """Every diagnostic normkit reports: (code, default severity, what it means)."""

    SOURCE_NOT_UTF8 = ("source.not-utf8", Severity.ERROR, "A source file is not valid UTF-8.")
    SOURCE_CONTROL_CHARACTER = (
        "source.control-character",
        Severity.ERROR,
        "A source file contains a control character other than tab and line breaks (NUL, "
        "an escape sequence, a vertical tab pasted from a word processor …); it is reported "
        "at the first one and the rest of the file is read without them. In a table (a "
        "comment form, a checklist, a requirements table) it is reported at each cell that "
        "has one, and the cell is read without them.",
    )
    SOURCE_CONTROL_ESCAPE = (
        "source.control-escape",
        Severity.ERROR,
        "A Markdown character reference (`&#27;`, `&#x0c;`), an escape in a double-quoted "
        "YAML string (`\\e`, `\\x1b`, `\\0`), an XLSX cell escape (`_x001B_`) or a PO "
        "string's escape in a translation catalog (`\\v`, `\\033`, `\\x1b`) stands for a "
        "control character other than tab and line breaks; it is reported where it is "
        "written. The reference is left out of the text (and the PO escape out of the "
        "catalog); the YAML block is not read, as a malformed one.",
    )
    SOURCE_FORMULA_UNCALCULATED = (
        "source.formula-uncalculated",
        Severity.ERROR,
        "A cell of a workbook read as a source (a received comment form, a filled checklist, "
        "a requirements table to import) holds a formula with no saved value: the file was "
        "written by a program that does not calculate (openpyxl, some web exporters), so what "
        "the cell shows is unknown. Reported at the cell with its formula; the row is not "
        "read, never taken as empty or as the formula's text.",
    )
    SOURCE_NAME_NOT_UTF8 = (
        "source.name-not-utf8",
        Severity.ERROR,
        "A file or folder name in the project is not valid UTF-8, or has a control character "
        "(a line break, an escape sequence); normkit does not read it.",
    )
    SOURCE_OUTSIDE_PROJECT = (
        "source.outside-project",
        Severity.ERROR,
        "A symbolic link under `standards/`, `guidance/`, `glossary/` or `themes/` (or "
        "`mkdocs.yml` itself) leads outside the project; normkit does not follow it.",
    )
    SOURCE_LINK_BROKEN = (
        "source.link-broken",
        Severity.ERROR,
        "A symbolic link in the project leads nowhere (its target does not exist, or links "
        "loop), so what it stood for (a chapter, a folder) would be silently missing.",
    )
    PROJECT_MISSING_FILE = (
        "project.missing-file",
        Severity.ERROR,
        "A standard, version or guidance folder lacks its `standard.yml`, `version.yml` "
        "or `edition.yml`.",
    )
    PROJECT_NAME_MISMATCH = (
        "project.name-mismatch",
        Severity.ERROR,
        "The `version` or `edition` in a metadata file differs from its folder name.",
    )
    YAML_MALFORMED = (
        "yaml.malformed",
        Severity.ERROR,
        "A YAML file or block cannot be parsed; the location is the YAML error's own.",
    )
    YAML_NOT_MAPPING = (
        "yaml.not-mapping",
        Severity.ERROR,
        "A YAML file or block must be a mapping of keys to values.",
    )
    YAML_DUPLICATE_KEY = (
        "yaml.duplicate-key",
        Severity.ERROR,
        "A YAML mapping gives the same key twice; reported at the second (YAML would "
        "silently keep only the last).",
    )
    YAML_TAG = (
        "yaml.tag",
        Severity.ERROR,
        "A YAML value has an explicit tag (`!!timestamp`, `!!float`, `!custom` …); sources "
        "take values as written, so quote text instead.",
    )
    YAML_ALIAS = (
        "yaml.alias",
        Severity.ERROR,
        "A YAML file or block uses an anchor (`&name`) or alias (`*name`); they are rejected "
        "so that no source can expand into an unbounded amount of data.",
    )
    META_MISSING_KEY = (
        "meta.missing-key",
        Severity.ERROR,
        "A required key is missing from a metadata file or block.",
    )
    META_UNKNOWN_KEY = (
        "meta.unknown-key",
        Severity.ERROR,
        "A metadata file has a key normkit does not know.",
    )
    META_INVALID = (
        "meta.invalid",
        Severity.ERROR,
        "A metadata value has the wrong type or form (for example a date that is not ISO 8601).",
    )
    SCHEMA_INVALID_FIELD = (
        "schema.invalid-field",
        Severity.ERROR,
        "A custom field declared in `standard.yml` is malformed (unknown type, enum "
        "without choices, default of the wrong type).",
    )
    FIELD_UNKNOWN = (
        "field.unknown",
        Severity.ERROR,
        "A criterion block has a field that `standard.yml` does not declare.",
    )
    FIELD_TYPE = (
        "field.type",
        Severity.ERROR,
        "A criterion field's value does not have the declared type.",
    )
    FIELD_ENUM = (
        "field.enum",
        Severity.ERROR,
        "A criterion field's value is not one of the declared choices.",
    )
    FIELD_REQUIRED = (
        "field.required",
        Severity.ERROR,
        "A criterion lacks a field that `standard.yml` declares as required.",
    )
    APPLICABILITY_UNKNOWN = (
        "applicability.unknown",
        Severity.ERROR,
        "`applies_to` names a code that is not in the standard's applicability vocabulary.",
    )
    CRITERION_ID_MISSING = (
        "criterion.id-missing",
        Severity.ERROR,
        "A criterion block has no `id`.",
    )
    CRITERION_ID_INVALID = (
        "criterion.id-invalid",
        Severity.ERROR,
        "A criterion id is not lower-case letters, digits and hyphens.",
    )
    CRITERION_ID_DUPLICATE = (
        "criterion.id-duplicate",
        Severity.ERROR,
        "Two criteria of the same version share an id.",
    )
    CRITERION_EMPTY = (
        "criterion.empty",
        Severity.ERROR,
        "A criterion has no body text.",
    )
    CRITERION_BLOCK_MISPLACED = (
        "criterion.block-misplaced",
        Severity.ERROR,
        "A `criterion`, `guidance` or `term` block does not immediately follow a heading.",
    )
    MARKDOWN_UNCLOSED = (
        "markdown.unclosed",
        Severity.ERROR,
        "A code fence or an HTML comment (or `<script>`, `<pre>` … block) is never closed, so "
        "it runs to the end of the file and the headings after it, with their criteria, would "
        "silently become code or disappear.",
    )
    CRITERION_END_STRAY = (
        "criterion.end-stray",
        Severity.WARNING,
        "An end marker `<!-- end -->` follows no criterion, guidance entry or term, so it "
        "ends nothing.",
    )
    WITHDRAWN_TARGET_UNKNOWN = (
        "withdrawn.target-unknown",
        Severity.ERROR,
        "`withdrawn_to` names an id that is not a criterion or part of the same version (or "
        "the withdrawn criterion itself), or a `section:<key>` that is not a section of it.",
    )
    NUMBER_INVALID = (
        "number.invalid",
        Severity.ERROR,
        "The standard declares `numbering`, and a criterion heading does not start with a "
        "display number in that numbering.",
    )
    NUMBER_DUPLICATE = (
        "number.duplicate",
        Severity.WARNING,
        "Two criteria or sections of the same version have the same display number.",
    )
    NUMBER_ORDER = (
        "number.order",
        Severity.WARNING,
        "A criterion's number comes before the previous criterion's in the same section, in "
        "natural order (`AC-2` < `AC-2(1)` < `AC-10`).",
    )
    REFERENCE_UNRESOLVED = (
        "reference.unresolved",
        Severity.ERROR,
        "A cross-reference names a criterion, part or standard that does not exist.",
    )
    REFERENCE_WITHDRAWN = (
        "reference.withdrawn",
        Severity.WARNING,
        "A cross-reference names a withdrawn criterion; refer to where it went instead.",
    )
    REPLACES_UNKNOWN = (
        "replaces.unknown",
        Severity.ERROR,
        "`replaces` names an id that is not in the version this one supersedes.",
    )
    TERM_UNKNOWN = (
        "term.unknown",
        Severity.ERROR,
        "An explicit term reference `[=…=]` names a term the glossary does not define.",
    )
    TERM_DUPLICATE = (
        "term.duplicate",
        Severity.ERROR,
        "A term is defined twice for the same standard version.",
    )
    TERM_ID_INVALID = (
        "term.id-invalid",
        Severity.ERROR,
        "A term's `id` is not a slug (lower-case letters of any script, digits and hyphens), "
        "or a term heading gives no letter or digit to derive one from.",
    )
    TERM_ID_DUPLICATE = (
        "term.id-duplicate",
        Severity.ERROR,
        "Two different terms have the same id (`GHG-Emissions` and `GHG Emissions` both "
        "slugify to `ghg-emissions`); entries of the same term may share it.",
    )
    TERM_ALIAS_CLASH = (
        "term.alias-clash",
        Severity.ERROR,
        "A term's alias is the written form of another term.",
    )
    TERM_UNUSED = (
        "term.unused",
        Severity.WARNING,
        "A defined term is used nowhere in the standards or guidance.",
    )
    TERM_VERSION_UNKNOWN = (
        "term.version-unknown",
        Severity.ERROR,
        "A term's `versions` names a standard or version that does not exist.",
    )
    GUIDANCE_UNKNOWN_CRITERION = (
        "guidance.unknown-criterion",
        Severity.ERROR,
        "Guidance is written for a criterion id that the served version does not have.",
    )
    GUIDANCE_DUPLICATE = (
        "guidance.duplicate",
        Severity.ERROR,
        "An edition gives guidance for the same criterion twice.",
    )
    GUIDANCE_MISSING = (
        "guidance.missing",
        Severity.WARNING,
        "A criterion has no guidance in the latest edition serving its version.",
    )
    GUIDANCE_UNKNOWN_VERSION = (
        "guidance.unknown-version",
        Severity.ERROR,
        "An edition serves a standard or version that does not exist, or supersedes an "
        "unknown edition.",
    )
    VERSION_STATUS_UNKNOWN = (
        "version.status-unknown",
        Severity.ERROR,
        "A version or edition has a status other than draft, consultation, published, "
        "superseded or withdrawn.",
    )
    VERSION_DATES_ORDER = (
        "version.dates-order",
        Severity.ERROR,
        "A version's dates are out of order (published ≤ effective ≤ transition end), or it "
        "was published before the version it supersedes.",
    )
    VERSION_SUPERSEDES_UNKNOWN = (
        "version.supersedes-unknown",
        Severity.ERROR,
        "`supersedes` names a version that does not exist.",
    )
    VERSION_SUPERSEDES_CYCLE = (
        "version.supersedes-cycle",
        Severity.ERROR,
        "The `supersedes` chain of versions or guidance editions loops back on itself, so "
        "they have no order.",
    )
    VERSION_NAME_RESERVED = (
        "version.name-reserved",
        Severity.ERROR,
        "A version folder is named `latest`, which would shadow the site's "
        "`/<standard>/latest/` address.",
    )
    VERSION_STATUS_INCONSISTENT = (
        "version.status-inconsistent",
        Severity.WARNING,
        "A version is marked superseded but nothing supersedes it, or a published version "
        "has been superseded by a published successor but is not marked superseded.",
    )
    CHANGES_MISMATCH = (
        "changes.mismatch",
        Severity.WARNING,
        "A version's `changes.yml` differs from what the diff against its predecessor finds: "
        "an intended change not made, or a change made but not listed.",
    )
    HTML_REMOVED = (
        "html.removed",
        Severity.WARNING,
        "Author HTML that the HTML policy does not allow (script, style, event handlers, "
        "links other than http, https or mailto, …) was removed; see docs/authoring.md.",
    )
    LINK_BROKEN = (
        "link.broken",
        Severity.WARNING,
        "A relative Markdown link points at no file of the project, or at an anchor that "
        "names no criterion or section of the chapter it links to.",
    )
    LINK_OUTSIDE_PROJECT = (
        "link.outside-project",
        Severity.ERROR,
        "A relative link or image path leaves the project folder (`../` too far, an "
        "absolute file path, or a symbolic link that points outside).",
    )
    ASSET_MISSING = (
        "asset.missing",
        Severity.ERROR,
        "An image names a file that does not exist in the project.",
    )
    ASSET_REMOTE = (
        "asset.remote",
        Severity.WARNING,
        "An image is a remote URL: it is never fetched at build time; the site shows it "
        "from its server, print shows a link.",
    )
    ASSET_UNSUPPORTED = (
        "asset.unsupported",
        Severity.ERROR,
        "An image that print cannot embed: a `data:` URL, or a file that is not PNG, JPEG, "
        "GIF or SVG.",
    )

    CROSSWALK_STANDARD_UNKNOWN = (
        "crosswalk.standard-unknown",
        Severity.ERROR,
        "A crosswalk's `standard` or `reviewed_against` names a standard or version the "
        "project does not have.",
    )
    CROSSWALK_CRITERION_UNKNOWN = (
        "crosswalk.criterion-unknown",
        Severity.ERROR,
        "A crosswalk entry names a criterion (or lettered part) that the version it was "
        "reviewed against does not have, or has withdrawn.",
    )
    CROSSWALK_RELATIONSHIP_UNKNOWN = (
        "crosswalk.relationship-unknown",
        Severity.ERROR,
        "A crosswalk entry's `relationship` is not one of NIST IR 8477's: equal, subset-of, "
        "superset-of, intersects-with, no-relationship.",
    )
    CROSSWALK_DUPLICATE = (
        "crosswalk.duplicate",
        Severity.ERROR,
        "A crosswalk relates the same criterion (or part) to the same clause twice.",
    )
    CROSSWALK_COVERAGE = (
        "crosswalk.coverage",
        Severity.WARNING,
        "Criteria of the version a crosswalk was reviewed against have no entry; an entry "
        "with `relationship: no-relationship` records that a criterion has no counterpart.",
    )
    CROSSWALK_STALE = (
        "crosswalk.stale",
        Severity.WARNING,
        "A mapped criterion changed (text, split, merged, renamed, removed or withdrawn) in "
        "a version after the one the crosswalk was reviewed against.",
    )

    IMPORT_SOURCE_INVALID = (
        "import.source-invalid",
        Severity.ERROR,
        "`normkit import`: the source cannot be read as the format it is imported as (not "
        "JSON, not an OSCAL catalog of version 1.0, 1.1 or 1.2, a table without a header row); "
        "located at the value or cell concerned.",
    )
    IMPORT_COLUMN_UNKNOWN = (
        "import.column-unknown",
        Severity.ERROR,
        "`normkit import --columns` names a role normkit does not know, or a column header "
        "the table does not have.",
    )
    IMPORT_CELL_EMPTY = (
        "import.cell-empty",
        Severity.ERROR,
        "`normkit import`: a row of a requirements table has no value in a cell it needs "
        "(its id, number, title or text).",
    )
    IMPORT_DUPLICATE = (
        "import.duplicate",
        Severity.ERROR,
        "`normkit import`: two rows of a requirements table give (or derive) the same id or "
        "the same number.",
    )
    IMPORT_VALUE_INVALID = (
        "import.value-invalid",
        Severity.ERROR,
        "`normkit import`: a cell's value cannot be used: an id that is not lower-case "
        "letters, digits and hyphens, or a number with white space in it.",
    )

    REVIEW_INVALID = (
        "review.invalid",
        Severity.ERROR,
        "`normkit apply-replaces`: the review file is not what `normkit diff "
        "--suggest-replaces` writes (`standard`, `version`, and `replaces` mapping criterion "
        "ids to lists of ids).",
    )
    REVIEW_UNKNOWN_CRITERION = (
        "review.unknown-criterion",
        Severity.ERROR,
        "`normkit apply-replaces`: the review file names a criterion that the version does "
        "not have.",
    )
    CONSULTATION_VERSION_UNKNOWN = (
        "consultation.version-unknown",
        Severity.ERROR,
        "A folder under `consultations/` names a standard or version that does not exist; its "
        "comments are not read.",
    )
    CONSULTATION_FORM_INVALID = (
        "consultation.form-invalid",
        Severity.ERROR,
        "A file in a consultation register cannot be read as a comment form: not XLSX or CSV, "
        "too large, or without a header row of the form's columns.",
    )
    CONSULTATION_TARGET_UNKNOWN = (
        "consultation.target-unknown",
        Severity.ERROR,
        "A comment's Id (or Number) names no criterion, lettered part or section of the draft.",
    )
    CONSULTATION_CELL_EMPTY = (
        "consultation.cell-empty",
        Severity.ERROR,
        "A comment row lacks a cell it needs: the comment, its type, the stakeholder group, or "
        "an organisation or name.",
    )
    CONSULTATION_CELL_ERROR = (
        "consultation.cell-error",
        Severity.ERROR,
        "A text cell of a received form holds a spreadsheet error (`#NAME?`, `#VALUE!` …) "
        "instead of text: the commenter's text began with `=`, `+` or `-` and the spreadsheet "
        "took it for a formula, so the text itself is lost.",
    )
    CONSULTATION_VALUE_INVALID = (
        "consultation.value-invalid",
        Severity.ERROR,
        "A cell of a comment row holds a value outside its vocabulary (type, stakeholder group, "
        "publish name), a line that is not a number or range, or a number that contradicts the "
        "row's Id.",
    )
    CONSULTATION_LINE_OUTSIDE = (
        "consultation.line-outside",
        Severity.ERROR,
        "A comment cites a line of the consultation PDF outside the lines of the criterion, "
        "part or section it is about.",
    )
    CONSULTATION_LAYOUT_CHANGED = (
        "consultation.layout-changed",
        Severity.WARNING,
        "A received form gives line ranges that differ from the draft's PDF as built now: the "
        "draft or its layout changed after the form was made, so its cited lines may not match.",
    )
    CONSULTATION_DUPLICATE = (
        "consultation.duplicate",
        Severity.WARNING,
        "Rows of a register repeat other rows word for word (a form sent twice); each comment "
        "is counted once.",
    )
    CONSULTATION_RESPONSE_UNKNOWN = (
        "consultation.response-unknown",
        Severity.ERROR,
        "`responses.yml` names a comment (`<file>:<row>`) that the register does not have.",
    )
    CONSULTATION_RESPONSE_TWICE = (
        "consultation.response-twice",
        Severity.ERROR,
        "`responses.yml` answers the same comment twice.",
    )
    CONSULTATION_UNANSWERED = (
        "consultation.unanswered",
        Severity.WARNING,
        "The consultation round is closed and a comment has no response in `responses.yml`.",
    )
    CONSULTATION_ADDRESSED_UNKNOWN = (
        "consultation.addressed-unknown",
        Severity.ERROR,
        "A response's `addressed_in` names a criterion or part that the version superseding "
        "the draft does not have.",
    )
    CONSULTATION_ADDRESSED_UNCHECKED = (
        "consultation.addressed-unchecked",
        Severity.WARNING,
        "Responses say where comments are addressed, but no version supersedes the draft yet, "
        "so those ids cannot be checked.",
    )
    TRANSLATION_MALFORMED = (
        "translation.malformed",
        Severity.ERROR,
        "A translation catalog cannot be read as a gettext PO file (a string not closed, an "
        "unknown keyword, not UTF-8), or its `Language` header differs from its folder.",
    )
    TRANSLATION_DUPLICATE = (
        "translation.duplicate",
        Severity.ERROR,
        "A catalog has two entries for one unit (the same `msgctxt`, or the same `msgid` "
        "without one): the first is used, and `normkit translations update` does not rewrite "
        "the catalog until one is removed, so that neither translation is lost.",
    )
    TRANSLATION_STALE = (
        "translation.stale",
        Severity.WARNING,
        "A translated unit is out of date: the source text changed since it was translated "
        "(or the entry is marked fuzzy). Outputs show it marked as out of date.",
    )
    TRANSLATION_COVERAGE = (
        "translation.coverage",
        Severity.NOTE,
        "How much of a catalog is translated and current; reported for every catalog.",
    )
    TRANSLATION_MISSING = (
        "translation.missing",
        Severity.WARNING,
        "A version (or guidance edition) declares a language, or its standard requires one, "
        "and there is no catalog for it; run `normkit translations update`.",
    )
    TRANSLATION_UNKNOWN_UNIT = (
        "translation.unknown-unit",
        Severity.WARNING,
        "A catalog entry names no unit of the sources (a removed criterion, a mistyped "
        "`msgctxt`); `normkit translations update` marks removed units obsolete.",
    )
    TRANSLATION_UNDECLARED = (
        "translation.undeclared",
        Severity.WARNING,
        "A catalog is for a language its version, edition or the project does not declare "
        "in `languages`, or for a version or edition that does not exist; it is not used.",
    )
    TRANSLATION_MARKUP = (
        "translation.markup",
        Severity.WARNING,
        "A translation lost or added markup of its source: a cross-reference, a defined "
        "term, emphasis, a link, an image or a code span.",
    )

    CHECKLIST_UNREADABLE = (
        "checklist.unreadable",
        Severity.ERROR,
        "`normkit checklist read`: the file is not a checklist normkit can read (not XLSX or "
        "CSV, no `ID` or `Finding` column), or it does not say which standard version it is "
        "for and `--version` does not either.",
    )
    CHECKLIST_UNKNOWN_CRITERION = (
        "checklist.unknown-criterion",
        Severity.ERROR,
        "`normkit checklist read`: a row's ID (or, without one, its number) names no "
        "criterion or lettered part of the checklist's version, or a withdrawn criterion.",
    )
    CHECKLIST_NUMBER_MISMATCH = (
        "checklist.number-mismatch",
        Severity.ERROR,
        "`normkit checklist read`: a row's number is not the number of the criterion or part "
        "its ID names (a row pasted from another version, or edited).",
    )
    CHECKLIST_FINDING_INVALID = (
        "checklist.finding-invalid",
        Severity.ERROR,
        "`normkit checklist read`: a finding is not one of conforms, minor, major, not applicable.",
    )
    CHECKLIST_DUPLICATE = (
        "checklist.duplicate",
        Severity.ERROR,
        "`normkit checklist read`: two rows of a checklist are for the same criterion or part.",
    )

    def __init__(self, code: str, severity: Severity, summary: str) -> None:
        self.code = code
        self.severity = severity
        self.summary = summary


@record(kw_only=True)
class Diagnostic:
    """One problem found in the sources."""

    location: Location
    code: Code
    message: str
    severity: Severity
    hint: str = ""

    def format(self) -> str:
        line = f"{self.location}: {self.severity}: {self.message} [{self.code.code}]"
        return f"{line}\n    hint: {self.hint}" if self.hint else line

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": str(self.severity),
            "code": self.code.code,
            "message": self.message,
            "hint": self.hint,
        }


def diagnostic(code: Code, location: Location, message: str, hint: str = "") -> Diagnostic:
    """Make a diagnostic with the code's default severity; message and hint as `one_line`."""
    return Diagnostic(
        location=location,
        code=code,
        message=one_line(message),
        severity=code.severity,
        hint=one_line(hint),
    )


MAX_MESSAGE = 300
"""Longest message or hint printed; a quoted value can be a whole pasted paragraph."""
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*|\t")
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ud800-\udfff]"
)
"""Controls (a terminal obeys ESC sequences), bidirectional overrides (they reorder what the
reader sees), invisible characters (a byte order mark in a value makes `published` look
right and fail) and lone surrogates (they cannot be printed as UTF-8)."""


def one_line(text: str) -> str:
    """Text quoted from a source, safe on one line of a terminal or CI log: line breaks become
    spaces, invisible or dangerous characters are shown as `<U+001B>`, and it is shortened."""
    text = _LINE_BREAKS.sub(" ", text)
    text = _UNPRINTABLE.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1].rstrip() + "…"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A "did you mean …?" hint, or an empty string when nothing is close."""
    import difflib  # here: a project without such a mistake never needs it

    close = difflib.get_close_matches(word, sorted(set(candidates)), n=3, cutoff=0.6)
    if not close:
        return ""
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.location, d.code.code, d.message))


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_json() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
