"""Every metadata file and block normkit reads, declared once.

Adding a key is one `Key(...)` line here: validation, unknown-key hints and the reference
tables of docs/authoring.md (`normkit keys --update docs/authoring.md`) follow from it.
"""

from __future__ import annotations

import re

from normkit.assemble.slugs import SLUG_PATTERN, slugify
from normkit.diagnostics import Code
from normkit.metadata.schema import (
    Anything,
    Block,
    Boolean,
    Choice,
    Date,
    Key,
    ListOf,
    MapOf,
    Record,
    Text,
    Url,
)
from normkit.model.standard import CriterionStatus, FieldType, VersionStatus, Withdrawal
from normkit.translations.languages import TAG, TAG_DOC, suggest_tag

CRITERION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Criterion ids: lower-case ASCII letters, digits and single hyphens."""

DEFAULT_SECTION_LEVELS = ("pillar", "principle")
CRITERION_LEVEL = "criterion"
"""The `on:` of a field declared for criteria (the default)."""


CHANGE_KINDS = (
    "added",
    "removed",
    "withdrawn",
    "text-changed",
    "editorial",
    "metadata-changed",
    "renumbered",
    "moved",
    "split",
    "merged",
    "renamed",
)
"""The kinds `changes.yml` may list: the values of `revisions.changeset.ChangeKind` but
`unchanged`. `TERM_CHANGE_KINDS`, `FIELD_DECLARATION_KINDS`, `DECISIONS` and `RELATIONSHIPS`
are the values of `TermChangeKind`, `FieldDeclarationKind`, `model.consultation.Decision` and
`model.crosswalk.Relationship`. Written out here rather than read from the enums: importing
their modules (the changeset's and the successors' classes, the consultation's and the
crosswalk's models) cost every check about 25 M instructions, though a project without
`changes.yml`, rounds or crosswalks uses none of them (`tests/metadata/test_declared_kinds.py`
keeps them the same)."""
TERM_CHANGE_KINDS = ("added", "removed", "redefined")
FIELD_DECLARATION_KINDS = ("added", "changed", "retired")
DECISIONS = ("accepted", "partly accepted", "not accepted", "noted")
RELATIONSHIPS = ("equal", "subset-of", "superset-of", "intersects-with", "no-relationship")


def suggest_id(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_LANGUAGE = Text(pattern=TAG, pattern_doc=TAG_DOC, suggest=suggest_tag)
_LANGUAGES_DOC = (
    "Languages the version is translated into (BCP 47 tags): `normkit translations update` "
    "makes a catalog for each, `normkit check` reports its coverage and every output is "
    "built in each. See [translations](translations.md)."
)

_STATUS = Choice(tuple(status.value for status in VersionStatus))
_STATUS_DOC = "Lifecycle status; the site and print make it unmistakable."

APPLICABILITY_ENTRY = Block(
    name="applicability entry",
    anchor="applicability-entry",
    description="One code of the applicability vocabulary; `- mining` is short for "
    "`- code: mining`.",
    nested=True,
    keys=(
        Key(name="code", type=Text(), required=True, description="Code used in `applies_to`."),
        Key(
            name="label",
            type=Text(),
            default_doc="the code, capitalised",
            description="Label shown to readers.",
        ),
        Key(name="description", type=Text(), default="", description="Longer explanation."),
    ),
)

FIELD_DECLARATION = Block(
    name="field declaration",
    anchor="field-declaration",
    description="A custom field, under `fields: <name>:`. The name is the key used in "
    "criterion (or section) blocks and in the criteria JSON.",
    nested=True,
    unknown_code=Code.SCHEMA_INVALID_FIELD,
    invalid_code=Code.SCHEMA_INVALID_FIELD,
    missing_code=Code.SCHEMA_INVALID_FIELD,
    keys=(
        Key(
            name="type",
            type=Choice(tuple(t.value for t in FieldType)),
            default="string",
            description="Value type. `enum` and `list-of-enum` need `choices`; `url` accepts "
            "http, https and mailto URLs only.",
        ),
        Key(
            name="label",
            type=Text(),
            default_doc="the name, capitalised",
            description="Label shown on the site and in print.",
        ),
        Key(
            name="required",
            type=Boolean(),
            default=False,
            description="Every criterion (or section of that level) must give a value.",
        ),
        Key(
            name="default",
            type=Anything("a value of the field's type"),
            description="Value when a criterion gives none; without it the field has no value.",
        ),
        Key(
            name="choices",
            type=ListOf(Text()),
            default=(),
            description="Allowed values of an `enum` or `list-of-enum` field.",
        ),
        Key(name="description", type=Text(), default="", description="What the field means."),
        Key(
            name="on",
            type=Text(),
            default=CRITERION_LEVEL,
            description="Where the field is given: `criterion`, or the name of a section level "
            "from `section_levels` (its values then go in `section` blocks).",
        ),
    ),
)

FIELD_CHANGE = Block(
    name="field change",
    anchor="field-change",
    description="Keys that replace those of the standard's declaration of the field, for "
    "this version only.",
    nested=True,
    unknown_code=Code.SCHEMA_INVALID_FIELD,
    invalid_code=Code.SCHEMA_INVALID_FIELD,
    keys=tuple(
        Key(name=k.name, type=k.type, description=k.description) for k in FIELD_DECLARATION.keys
    ),
)

VERSION_FIELDS = Block(
    name="version fields",
    anchor="version-fields",
    description="How this version's custom fields differ from the standard's declaration.",
    nested=True,
    unknown_code=Code.SCHEMA_INVALID_FIELD,
    invalid_code=Code.SCHEMA_INVALID_FIELD,
    keys=(
        Key(
            name="add",
            type=MapOf(Record(FIELD_DECLARATION), "field name"),
            default={},
            description="Fields this version has and the standard does not declare.",
        ),
        Key(
            name="change",
            type=MapOf(Record(FIELD_CHANGE), "field name"),
            default={},
            description="Declared fields that differ in this version (only the keys given change).",
        ),
        Key(
            name="retire",
            type=ListOf(Text()),
            default=(),
            description="Declared fields this version no longer has.",
        ),
    ),
)

STANDARD_YML = Block(
    name="standard.yml",
    anchor="standard-yml",
    description="`standards/<standard>/standard.yml`: the standard itself.",
    keys=(
        Key(
            name="code",
            type=Text(),
            required=True,
            description="Short code, shown on covers and in JSON (`PS`).",
        ),
        Key(name="title", type=Text(), required=True, description="Title without version."),
        Key(name="owner", type=Text(), default="", description="Organisation that owns it."),
        Key(name="licence", type=Text(), default="", description="Licence statement."),
        Key(name="description", type=Text(), default="", description="What it covers."),
        Key(
            name="namespace",
            type=Url(),
            default_doc="`urn:normkit:<standard>`",
            description="A URI the standards body controls, naming its own properties in "
            "exchange formats (the `ns` of OSCAL props: applicability, custom fields).",
        ),
        Key(
            name="section_levels",
            type=ListOf(Text()),
            default=DEFAULT_SECTION_LEVELS,
            description="Names of the structural heading levels, outermost (`#`) first.",
        ),
        Key(
            name="applicability",
            type=ListOf(Record(APPLICABILITY_ENTRY, shorthand="code")),
            default=(),
            description="The vocabulary of `applies_to`, in display order.",
        ),
        Key(
            name="fields",
            type=MapOf(Record(FIELD_DECLARATION), "field name"),
            default={},
            description="Custom fields of criteria and sections.",
        ),
        Key(
            name="numbering",
            type=Anything("`dotted`, `alphanumeric`, `none`, or `{pattern: '<regex>'}`"),
            default_doc="`dotted`, numbers optional",
            description="How headings write display numbers; declaring it makes them "
            "mandatory on criteria. See [numbering](#numbering-display-numbers-as-authored).",
        ),
        Key(
            name="languages",
            type=ListOf(_LANGUAGE),
            default=(),
            description=_LANGUAGES_DOC + " The default of every version; its `languages` "
            "replaces it.",
        ),
        Key(
            name="required_languages",
            type=ListOf(_LANGUAGE),
            default=(),
            description="Languages every published version must be translated into: a "
            "published version without a catalog in one of them is a warning.",
        ),
    ),
)

VERSION_YML = Block(
    name="version.yml",
    anchor="version-yml",
    description="`standards/<standard>/<version>/version.yml`: one version.",
    keys=(
        Key(
            name="version",
            type=Text(),
            required=True,
            description="The version's name; must equal its folder name.",
        ),
        Key(
            name="title",
            type=Text(),
            default_doc="the standard's slug and the version name",
            description="Full title (`Performance Standard V3`).",
        ),
        Key(
            name="status",
            type=_STATUS,
            required=True,
            default=VersionStatus.DRAFT.value,
            choice_code=Code.VERSION_STATUS_UNKNOWN,
            description=_STATUS_DOC,
        ),
        Key(name="published", type=Date(), description="Date of publication (or release)."),
        Key(name="effective", type=Date(), description="Date from which it applies."),
        Key(
            name="transition_end",
            type=Date(),
            description="Last day on which the version it supersedes may still be used.",
        ),
        Key(
            name="consultation_closes",
            type=Date(),
            description="For consultation drafts: last day for comments.",
        ),
        Key(
            name="comments_to",
            type=Url(),
            description="For consultation drafts: where to send filled comment forms "
            "(`mailto:consultation@example.org` or a web address); shown in the form's "
            "instructions.",
        ),
        Key(name="supersedes", type=Text(), description="Name of the version it replaces."),
        Key(name="summary", type=Text(), default="", description="One paragraph about it."),
        Key(
            name="fields",
            type=Record(VERSION_FIELDS),
            description="Custom fields added, changed or retired in this version.",
        ),
        Key(
            name="languages",
            type=ListOf(_LANGUAGE),
            default_doc="the standard's `languages`",
            description=_LANGUAGES_DOC,
        ),
    ),
)

EDITION_YML = Block(
    name="edition.yml",
    anchor="edition-yml",
    description="`guidance/<standard>/<edition>/edition.yml`: one guidance edition.",
    keys=(
        Key(
            name="edition",
            type=Text(),
            required=True,
            description="The edition's name; must equal its folder name.",
        ),
        Key(
            name="title",
            type=Text(),
            default_doc="`Guidance` and the edition name",
            description="Full title.",
        ),
        Key(
            name="serves",
            type=Text(),
            required=True,
            description="Name of the standard version it explains.",
        ),
        Key(
            name="status",
            type=_STATUS,
            required=True,
            default=VersionStatus.DRAFT.value,
            choice_code=Code.VERSION_STATUS_UNKNOWN,
            description=_STATUS_DOC,
        ),
        Key(name="published", type=Date(), description="Date of publication."),
        Key(
            name="supersedes",
            type=Text(),
            description="The edition it revises (a revision without a new standard version).",
        ),
        Key(name="summary", type=Text(), default="", description="What this edition is."),
        Key(
            name="languages",
            type=ListOf(_LANGUAGE),
            default_doc="the `languages` of the version it serves",
            description="Languages the edition is translated into (BCP 47 tags).",
        ),
    ),
)

CHANGE_ENTRY = Block(
    name="criterion change",
    anchor="criterion-change",
    description="One intended change under `criteria:`.",
    nested=True,
    keys=(
        Key(
            name="kinds",
            type=ListOf(Choice(CHANGE_KINDS)),
            required=True,
            description="What the change is; one entry may carry several kinds.",
        ),
        Key(name="old", type=ListOf(Text()), default=(), description="Ids in the old version."),
        Key(name="new", type=ListOf(Text()), default=(), description="Ids in the new version."),
        Key(
            name="fields",
            type=ListOf(Text()),
            default=(),
            description="For `metadata-changed`: the fields that changed (`applies_to` or a "
            "custom field).",
        ),
        Key(
            name="withdrawn_to",
            type=ListOf(Text()),
            description="For `withdrawn`: where the criterion went; when given, it must be "
            "exactly the criterion's `withdrawn_to`.",
        ),
    ),
)


def _kind_entry(name: str, under: str, kinds: tuple[str, ...], subject: Key) -> Block:
    """An entry of changes.yml that names one thing (`subject`) and what happens to it."""
    return Block(
        name=name,
        anchor=name.replace(" ", "-"),
        description=f"One intended change under `{under}:`.",
        nested=True,
        keys=(
            Key(
                name="kind",
                type=Choice(kinds),
                required=True,
                description=f"What happens to the {subject.name}.",
            ),
            subject,
        ),
    )


TERM_CHANGE_ENTRY = _kind_entry(
    "term change",
    "terms",
    TERM_CHANGE_KINDS,
    Key(name="term", type=Text(), required=True, description="The term as written."),
)
FIELD_DECLARATION_CHANGE_ENTRY = _kind_entry(
    "field declaration change",
    "fields",
    FIELD_DECLARATION_KINDS,
    Key(name="field", type=Text(), required=True, description="The custom field's name."),
)


CHANGES_YML = Block(
    name="changes.yml",
    anchor="changes-yml",
    description="`standards/<standard>/<version>/changes.yml`: the changes a version intends "
    "since the version it supersedes.",
    keys=(
        Key(
            name="from",
            type=Text(),
            default_doc="the version named by `supersedes`",
            description="The version the changes are counted from.",
        ),
        Key(
            name="criteria",
            type=ListOf(Record(CHANGE_ENTRY)),
            default=(),
            description="Intended criterion changes; criteria not listed are unchanged.",
        ),
        Key(
            name="terms",
            type=ListOf(Record(TERM_CHANGE_ENTRY)),
            default=(),
            description="Intended glossary changes.",
        ),
        Key(
            name="fields",
            type=ListOf(Record(FIELD_DECLARATION_CHANGE_ENTRY)),
            default=(),
            description="Intended changes of the custom fields (added, changed, retired).",
        ),
    ),
)

CRITERION_BLOCK = Block(
    name="criterion block",
    anchor="criterion-block",
    description="A fenced ```` ```criterion ```` block right under a criterion's heading.",
    extra_doc="Any other key is a custom field declared in `standard.yml` (or the version's "
    "`fields`) with `on: criterion`.",
    unknown_code=Code.FIELD_UNKNOWN,
    unknown_hint="declare it under 'fields' in standard.yml",
    keys=(
        Key(
            name="id",
            type=Text(CRITERION_ID, "lower-case letters, digits and hyphens", suggest_id),
            required=True,
            invalid_code=Code.CRITERION_ID_INVALID,
            missing_code=Code.CRITERION_ID_MISSING,
            description="Stable identifier, unique in the standard, kept across versions.",
        ),
        Key(
            name="applies_to",
            type=ListOf(Text()),
            default_doc="every code (`all`)",
            description="Codes of the applicability vocabulary, or `all`.",
        ),
        Key(
            name="replaces",
            type=ListOf(Text()),
            default=(),
            description="Ids in the superseded version that this criterion succeeds.",
        ),
        Key(
            name="status",
            type=Choice(tuple(s.value for s in CriterionStatus)),
            default=CriterionStatus.ACTIVE.value,
            description="`withdrawn`: no longer a requirement, kept with its number as a record "
            "of where it went (shown greyed, left out of counts).",
        ),
        Key(
            name="withdrawn_to",
            type=ListOf(Text()),
            default=(),
            description="For a withdrawn criterion: ids, or parts (`ac-2.k`), of the same "
            "version that its requirement went to, or sections of it (`section:<key>`, the "
            "key the section's page and anchor use: `section:4-climate-change`).",
        ),
        Key(
            name="withdrawn_as",
            type=Choice(tuple(w.value for w in Withdrawal)),
            default=Withdrawal.INCORPORATED.value,
            description="For a withdrawn criterion: `incorporated` into its targets, or `moved` "
            "to them.",
        ),
        Key(
            name="withdrawn_reason",
            type=Text(),
            default="",
            description="For a withdrawn criterion: why, in the authors' words.",
        ),
    ),
)

SECTION_BLOCK = Block(
    name="section block",
    anchor="section-block",
    description="A fenced ```` ```section ```` block right under a structural heading.",
    extra_doc="Its keys are the custom fields declared with `on: <level>` for the heading's "
    "level (`section_levels`).",
    unknown_code=Code.FIELD_UNKNOWN,
    unknown_hint="declare it under 'fields' in standard.yml with `on:` this section's level",
    keys=(),
)

TERM_BLOCK = Block(
    name="term block",
    anchor="term-block",
    description="A fenced ```` ```term ```` block right under a glossary heading (the term).",
    keys=(
        Key(
            name="id",
            type=Text(
                SLUG_PATTERN,
                "lower-case letters (any script), digits and hyphens",
                lambda text: slugify(text, fallback=""),
                lowercase=True,
            ),
            invalid_code=Code.TERM_ID_INVALID,
            default_doc="the term, slugified",
            description="Anchor and JSON id, unique to the term; shared by entries that "
            "redefine the same term.",
        ),
        Key(
            name="aliases",
            type=ListOf(Text()),
            default=(),
            description="Other written forms recognised as the term.",
        ),
        Key(name="source", type=Text(), default="", description="Where the definition is from."),
        Key(
            name="versions",
            type=ListOf(Text()),
            default=(),
            description="`standard@version` keys or `standard` slugs it applies to; "
            "empty: everywhere.",
        ),
    ),
)

GUIDANCE_BLOCK = Block(
    name="guidance block",
    anchor="guidance-block",
    description="A fenced ```` ```guidance ```` block right under a guidance heading.",
    keys=(
        Key(
            name="for",
            type=Text(),
            required=True,
            description="Id of the criterion the guidance is for.",
        ),
    ),
)

STAKEHOLDER_GROUP = Block(
    name="stakeholder group",
    anchor="stakeholder-group",
    description="One stakeholder group of the comment forms' drop-down; `- industry` is short "
    "for `- code: industry`.",
    nested=True,
    keys=(
        Key(
            name="code",
            type=Text(CRITERION_ID, "lower-case letters, digits and hyphens", suggest_id),
            required=True,
            description="Short code: what the JSON gives, and what a form may say instead of "
            "the label.",
        ),
        Key(
            name="label",
            type=Text(),
            default_doc="the code, capitalised",
            description="What commenters choose in the form and readers see in the report.",
        ),
        Key(name="description", type=Text(), default="", description="Who belongs to it."),
    ),
)

CONSULTATION_YML = Block(
    name="consultation.yml",
    anchor="consultation-yml",
    description="`consultations/consultation.yml`: what every comment form and consultation "
    "report of the project shares.",
    keys=(
        Key(
            name="stakeholder_groups",
            type=ListOf(Record(STAKEHOLDER_GROUP, shorthand="code")),
            default_doc="industry, civil society, labour, communities, government, "
            "assurance, academia, other",
            description="The stakeholder groups commenters choose from, in the order shown.",
        ),
    ),
)

RESPONSE_ENTRY = Block(
    name="response",
    anchor="response",
    description="The secretariat's answer to one or more comments.",
    nested=True,
    keys=(
        Key(
            name="comments",
            type=ListOf(Text()),
            required=True,
            description="The comments answered, each as `<file>:<row>` of the register "
            "(`acme.xlsx:14`); several comments may share one response.",
        ),
        Key(
            name="decision",
            type=Choice(DECISIONS),
            required=True,
            description="What was decided.",
        ),
        Key(
            name="response",
            type=Text(),
            required=True,
            description="The response as published (plain text; a blank line starts a new "
            "paragraph).",
        ),
        Key(
            name="addressed_in",
            type=ListOf(Text()),
            default=(),
            description="Criterion ids or parts (`ghg-targets.b`) of the version that "
            "supersedes the draft, where the comment is addressed.",
        ),
    ),
)

RESPONSES_YML = Block(
    name="responses.yml",
    anchor="responses-yml",
    description="`consultations/<standard>/<version>/responses.yml`: the responses to the "
    "comments of one round.",
    keys=(
        Key(
            name="responses",
            type=ListOf(Record(RESPONSE_ENTRY)),
            default=(),
            description="One entry per response.",
        ),
    ),
)

CROSSWALK_TARGET = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)?$")
"""A crosswalk entry's criterion: an id, or `id.part` for a lettered part."""

SCHEME = Block(
    name="scheme",
    anchor="scheme",
    description="The other scheme a crosswalk relates to, as its owner publishes it.",
    nested=True,
    keys=(
        Key(name="title", type=Text(), required=True, description="The scheme's title."),
        Key(name="owner", type=Text(), default="", description="Who publishes it."),
        Key(
            name="version",
            type=Text(),
            default="",
            description="The version of the scheme the entries refer to.",
        ),
        Key(name="url", type=Url(), description="Where the scheme is published."),
        Key(
            name="licence",
            type=Text(),
            default="",
            description="Under what terms its clause titles are quoted here.",
        ),
    ),
)

CROSSWALK_ENTRY = Block(
    name="crosswalk entry",
    anchor="crosswalk-entry",
    description="One of our criteria and one clause of theirs, under `entries:`.",
    nested=True,
    keys=(
        Key(
            name="criterion",
            type=Text(CROSSWALK_TARGET, "a criterion id, or id.part for a lettered part"),
            required=True,
            description="Our criterion (`ghg-targets`) or one of its parts (`ghg-targets.b`).",
        ),
        Key(
            name="clause",
            type=Text(),
            default="",
            description="Their clause, as they number it (`4.2.1`); required unless the "
            "relationship is `no-relationship`.",
        ),
        Key(name="title", type=Text(), default="", description="Their clause's title."),
        Key(
            name="relationship",
            type=Choice(RELATIONSHIPS),
            required=True,
            choice_code=Code.CROSSWALK_RELATIONSHIP_UNKNOWN,
            description="NIST IR 8477's set-theory relationship, read *our criterion "
            "<relationship> their clause*: `equal`, `subset-of` (ours is narrower), "
            "`superset-of` (ours is wider), `intersects-with`, `no-relationship`.",
        ),
        Key(name="note", type=Text(), default="", description="Why, or what differs."),
    ),
)

CROSSWALK_YML = Block(
    name="crosswalk.yml",
    anchor="crosswalk-yml",
    description="`crosswalks/<scheme>/crosswalk.yml`: how one of our standards relates to "
    "another scheme, clause by clause.",
    keys=(
        Key(
            name="scheme",
            type=Record(SCHEME),
            required=True,
            description="The other scheme's identity.",
        ),
        Key(
            name="standard",
            type=Text(),
            required=True,
            description="Our standard (its folder name).",
        ),
        Key(
            name="reviewed_against",
            type=Text(),
            required=True,
            description="The version of our standard the entries were last reviewed against; "
            "`check` warns when a mapped criterion changes in a later version.",
        ),
        Key(name="reviewed", type=Date(), description="When that review was made."),
        Key(name="description", type=Text(), default="", description="What the crosswalk is for."),
        Key(
            name="entries",
            type=ListOf(Record(CROSSWALK_ENTRY)),
            default=(),
            description="The relationships, one criterion and one clause each.",
        ),
    ),
)

BLOCKS: tuple[Block, ...] = (
    STANDARD_YML,
    VERSION_YML,
    EDITION_YML,
    CHANGES_YML,
    CRITERION_BLOCK,
    SECTION_BLOCK,
    TERM_BLOCK,
    GUIDANCE_BLOCK,
    CONSULTATION_YML,
    RESPONSES_YML,
    CROSSWALK_YML,
)
"""Every metadata file and block, in the order the reference documents them."""
