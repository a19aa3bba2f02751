"""The catalogue of bad input: each case is a change to the trust fixture project
(`tests/trust/project/`, cut from the demo), the first diagnostic `normkit check` must print
(its code and `path:line:col`) and how many errors and warnings it prints in all, so that a
cascade of follow-on messages, or a root cause sorted after its consequences, fails the test.

`BAD` covers every class of issue 9 (impossible dates, explicit tags, duplicate keys, alias
bombs, control characters, wrong shapes in every metadata file, missing and broken files,
applicability, references and their locations, term ids, symbolic links and links out of the
project, names and contents that are not UTF-8, hostile HTML, field values of every type,
numbering, withdrawal targets) and what the fuzz test found; `FINE` are odd inputs that are
valid and must give nothing. A crash the fuzz test finds becomes a case here.
"""

from __future__ import annotations

from dataclasses import dataclass

from normkit.diagnostics import Code, Severity
from tests.trust.changes import (
    CHANGES,
    EDITION,
    EDITION_2025,
    EDITION_V2,
    ENVIRONMENT,
    GLOSSARY,
    GOVERNANCE,
    GUIDANCE,
    STANDARD,
    V2,
    V3,
    Append,
    Change,
    Delete,
    EachText,
    Link,
    Rename,
    Replace,
    Write,
)
from tests.trust.fuzzing import PROJECT

_CODES = {code.code: code for code in Code}


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    first: str
    """`code path:line:col` of the first diagnostic printed; empty when none is."""
    changes: tuple[Change, ...]
    errors: int
    warnings: int

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def __str__(self) -> str:
        return self.name


def case(
    name: str, first: str, *changes: Change, errors: int | None = None, warnings: int | None = None
) -> Case:
    """A case; by default the first diagnostic is the only one."""
    severity = _CODES[first.split()[0]].severity if first else None
    if errors is None:
        errors = 1 if severity is Severity.ERROR else 0
    if warnings is None:
        warnings = 1 if severity is Severity.WARNING and errors == 0 else 0
    return Case(name, first, changes, errors, warnings)


BOMB = "".join(
    ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]\n" for n in range(1, 9)]
)
"""Nine levels of anchors: 9**9 strings once expanded (the bomb of issue 9)."""
FIELDS = (PROJECT / STANDARD).read_text(encoding="utf-8").partition("\nfields:")[2]
"""The field declarations of the fixture's standard.yml."""

BAD: list[Case] = [
    case(
        "impossible date: published 2025-02-30",
        "meta.invalid standards/performance/v3/version.yml:4:12",
        Replace(V3, "published: 2025-03-01", "published: 2025-02-30"),
    ),
    case(
        "impossible date: month 13",
        "meta.invalid standards/performance/v3/version.yml:5:12",
        Replace(V3, "effective: 2025-09-01", "effective: 2025-13-01"),
    ),
    case(
        "impossible date: 29 February of a common year",
        "meta.invalid standards/performance/v3/version.yml:6:17",
        Replace(V3, "transition_end: 2026-09-01", "transition_end: 2026-02-29"),
    ),
    case(
        "impossible date: 31 April",
        "meta.invalid standards/performance/v3/version.yml:8:22",
        Replace(V3, "consultation_closes: null", "consultation_closes: 2025-04-31"),
    ),
    case(
        "impossible date: day 0",
        "meta.invalid standards/performance/v3/version.yml:4:12",
        Replace(V3, "published: 2025-03-01", "published: 2025-03-00"),
    ),
    case(
        "impossible date: year 0",
        "meta.invalid standards/performance/v3/version.yml:4:12",
        Replace(V3, "published: 2025-03-01", "published: 0000-03-01"),
    ),
    case(
        "date as a word",
        "meta.invalid standards/performance/v3/version.yml:4:12",
        Replace(V3, "published: 2025-03-01", "published: tomorrow"),
    ),
    case(
        "date as a number",
        "meta.invalid standards/performance/v3/version.yml:4:12",
        Replace(V3, "published: 2025-03-01", "published: 20250301"),
    ),
    case(
        "date as a list",
        "meta.invalid standards/performance/v3/version.yml:4:12",
        Replace(V3, "published: 2025-03-01", "published: [2025-03-01]"),
    ),
    case(
        "impossible date in edition.yml",
        "meta.invalid guidance/performance/v3-2026/edition.yml:5:12",
        Replace(EDITION, "published: 2026-02-01", "published: 2026-02-30"),
    ),
    case(
        "impossible date in a date field",
        "field.type standards/performance/v3/02-environment.md:17:14",
        Replace(ENVIRONMENT, "next_review: 2026-01-01", "next_review: 2026-02-30"),
    ),
    case(
        "dates out of order",
        "version.dates-order standards/performance/v3/version.yml:5:12",
        Replace(V3, "effective: 2025-09-01", "effective: 2024-09-01"),
    ),
    case(
        "published before the version it supersedes",
        "version.dates-order standards/performance/v3/version.yml:4:12",
        Replace(V3, "published: 2025-03-01", "published: 2019-03-01"),
        Replace(V3, "effective: 2025-09-01", "effective: 2019-09-01"),
        Replace(V3, "transition_end: 2026-09-01", "transition_end: 2019-10-01"),
    ),
    case(
        "tag !!timestamp on a date",
        "yaml.tag standards/performance/v3/version.yml:4:12",
        Replace(V3, "published: 2025-03-01", "published: !!timestamp x"),
    ),
    case(
        "tag !!float",
        "yaml.tag standards/performance/v3/version.yml:2:8",
        Replace(V3, "title: Performance Standard V3", "title: !!float abc"),
    ),
    case(
        "tag !!str",
        "yaml.tag standards/performance/v3/version.yml:7:13",
        Replace(V3, "supersedes: v2", "supersedes: !!str v2"),
    ),
    case(
        "tag of our own",
        "yaml.tag standards/performance/v3/version.yml:3:9",
        Replace(V3, "status: published", "status: !custom published"),
    ),
    case(
        "tag !!python/object",
        "yaml.tag standards/performance/v3/01-governance.md:16:5",
        Replace(GOVERNANCE, "id: legal-compliance", "id: !!python/object/apply:os.system [ls]"),
    ),
    case(
        "tag !!binary in edition.yml",
        "yaml.tag guidance/performance/v3-2026/edition.yml:3:9",
        Replace(EDITION, "serves: v3", "serves: !!binary djM="),
    ),
    case(
        "tag !!set in a term block",
        "yaml.tag glossary/01-terms.md:8:10",
        Replace(GLOSSARY, "aliases: [Entities]", "aliases: !!set {Entities}"),
    ),
    case(
        "tag in a guidance block",
        "yaml.tag guidance/performance/v3-2026/01-governance.md:10:6",
        Replace(GUIDANCE, "for: legal-compliance", "for: !!str legal-compliance"),
    ),
    case(
        "tag in a section block",
        "yaml.tag standards/performance/v3/01-governance.md:8:9",
        Replace(GOVERNANCE, "impact: high", "impact: !high"),
    ),
    case(
        "tag in standard.yml",
        "yaml.tag standards/performance/standard.yml:1:7",
        Replace(STANDARD, "code: PS", "code: !!int 12"),
    ),
    case(
        "tag in changes.yml",
        "yaml.tag standards/performance/v3/changes.yml:1:7",
        Replace(CHANGES, "from: v2", "from: !!str v2"),
    ),
    case(
        "tag on a key",
        "yaml.tag standards/performance/v3/01-governance.md:18:1",
        Replace(
            GOVERNANCE, "criticality: critical\nevidence", "!!str criticality: critical\nevidence"
        ),
    ),
    case(
        "tag on a list",
        "yaml.tag standards/performance/v3/01-governance.md:17:13",
        Replace(
            GOVERNANCE,
            "applies_to: [all]\ncriticality: critical\nevidence",
            "applies_to: !!seq [all]\ncriticality: critical\nevidence",
        ),
    ),
    case(
        "duplicate key in version.yml",
        "yaml.duplicate-key standards/performance/v3/version.yml:4:1",
        Replace(V3, "status: published", "status: published\nstatus: draft"),
    ),
    case(
        "duplicate key nested in standard.yml",
        "yaml.duplicate-key standards/performance/standard.yml:28:5",
        Replace(STANDARD, "    default: core", "    default: core\n    label: Again"),
    ),
    case(
        "duplicate key in a criterion block",
        "yaml.duplicate-key standards/performance/v3/01-governance.md:32:1",
        Replace(GOVERNANCE, "id: anti-corruption", "id: anti-corruption\nid: anti-bribery"),
    ),
    case(
        "duplicate key in a term block",
        "yaml.duplicate-key glossary/01-terms.md:10:1",
        Replace(GLOSSARY, 'source: "MMSC"', 'source: "MMSC"\naliases: [Entity body]'),
    ),
    case(
        "duplicate key in a flow mapping",
        "yaml.duplicate-key standards/performance/v3/changes.yml:4:46",
        Replace(
            CHANGES,
            "{kinds: [added], new: [just-transition]}",
            "{kinds: [added], new: [just-transition], kinds: [removed]}",
        ),
    ),
    case(
        "duplicate key in edition.yml",
        "yaml.duplicate-key guidance/performance/v3-2026/edition.yml:4:1",
        Replace(EDITION, "serves: v3", "serves: v3\nserves: v2"),
    ),
    case(
        "duplicate key in a guidance block",
        "yaml.duplicate-key guidance/performance/v3-2026/01-governance.md:11:1",
        Replace(GUIDANCE, "for: legal-compliance", "for: legal-compliance\nfor: anti-corruption"),
    ),
    case(
        "duplicate key in a section block",
        "yaml.duplicate-key standards/performance/v3/01-governance.md:9:1",
        Replace(GOVERNANCE, "impact: high", "impact: high\nimpact: low"),
    ),
    case(
        "duplicate field declaration",
        "yaml.duplicate-key standards/performance/standard.yml:40:3",
        Replace(
            STANDARD,
            "  note:\n    type: string",
            "  note:\n    type: string\n  note:\n    type: number",
        ),
    ),
    case(
        "alias bomb in a criterion block",
        "yaml.alias standards/performance/v3/02-environment.md:19:5",
        Replace(ENVIRONMENT, "note: Reviewed yearly.", "note: Reviewed yearly.\n" + BOMB.rstrip()),
    ),
    case(
        "alias bomb in version.yml",
        "yaml.alias standards/performance/v3/version.yml:12:5",
        Append(V3, BOMB),
    ),
    case(
        "alias bomb in standard.yml",
        "yaml.alias standards/performance/standard.yml:53:5",
        Append(STANDARD, BOMB.replace("l0:", "x0:")),
    ),
    case(
        "anchor and alias",
        "yaml.alias standards/performance/standard.yml:8:17",
        Replace(
            STANDARD,
            "section_levels: [pillar, principle]",
            "section_levels: &levels [pillar, principle]\nx: *levels",
        ),
    ),
    case(
        "merge key",
        "schema.invalid-field standards/performance/standard.yml:29:5",
        Replace(
            STANDARD,
            "  evidence:\n    label: Evidence types",
            "  evidence:\n    <<: {label: x}\n    label: Evidence types",
        ),
    ),
    case(
        "undefined alias",
        "yaml.alias guidance/performance/v3-2026/edition.yml:3:9",
        Replace(EDITION, "serves: v3", "serves: *v3"),
    ),
    case(
        "anchor in a term block",
        "yaml.alias glossary/01-terms.md:43:10",
        Replace(GLOSSARY, "aliases: [Policies]", "aliases: &p [Policies]"),
    ),
    case(
        "alias in changes.yml",
        "yaml.alias standards/performance/v3/changes.yml:4:27",
        Replace(CHANGES, "new: [just-transition]}", "new: &n [just-transition]}"),
        Replace(CHANGES, "terms:", "again: *n\nterms:"),
    ),
    case(
        "NUL byte in version.yml",
        "source.control-character standards/performance/v3/version.yml:2:19",
        Replace(V3, "title: Performance Standard V3", "title: Performance\x00Standard V3"),
    ),
    case(
        "control byte in standard.yml",
        "source.control-character standards/performance/standard.yml:3:8",
        Replace(STANDARD, "owner: Meridian", "owner: \x01Meridian"),
    ),
    case(
        "ESC in a criterion block",
        "source.control-character standards/performance/v3/01-governance.md:18:14",
        Replace(
            GOVERNANCE, "criticality: critical\nevidence", "criticality: \x1b[31mcritical\nevidence"
        ),
    ),
    case(
        "DEL in a term block",
        "source.control-character glossary/01-terms.md:9:12",
        Replace(GLOSSARY, 'source: "MMSC"', 'source: "MM\x7fSC"'),
    ),
    case(
        "non-character U+FFFE in edition.yml",
        "yaml.malformed guidance/performance/v3-2026/edition.yml:2:8",
        Replace(EDITION, "title: Guidance", "title: \ufffeGuidance"),
    ),
    case(
        "NUL byte in Markdown text",
        "source.control-character standards/performance/v3/01-governance.md:23:54",
        Replace(GOVERNANCE, "comply with the laws", "comply with\x00 the laws"),
    ),
    case(
        "ESC in a heading",
        "source.control-character standards/performance/v3/01-governance.md:13:15",
        Replace(GOVERNANCE, "### 1.1 Legal compliance", "### 1.1 Legal \x1b[2Jcompliance"),
    ),
    case(
        "bidirectional override in a criterion id",
        "criterion.id-invalid standards/performance/v3/01-governance.md:16:5",
        Replace(GOVERNANCE, "id: legal-compliance", "id: legal-\u202ecompliance"),
    ),
    case(
        "byte order mark in the middle of a YAML file",
        "version.status-unknown standards/performance/v3/version.yml:3:9",
        Replace(V3, "status: published", "status: \ufeffpublished"),
    ),
    case(
        "form feed in Markdown",
        "source.control-character standards/performance/v3/02-environment.md:42:11",
        Replace(ENVIRONMENT, "The Entity shall plan", "The Entity\x0c shall plan"),
    ),
    case(
        "standard.yml is a list",
        "yaml.not-mapping standards/performance/standard.yml:1:1",
        Write(STANDARD, "- code: PS\n- title: Performance Standard\n"),
    ),
    case(
        "standard.yml is a scalar",
        "yaml.not-mapping standards/performance/standard.yml:1:1",
        Write(STANDARD, "Performance Standard\n"),
    ),
    case(
        "standard.yml is empty",
        "meta.missing-key standards/performance/standard.yml:1:1",
        Write(STANDARD, ""),
        errors=2,
    ),
    case(
        "standard.yml: fields is a list",
        "meta.invalid standards/performance/standard.yml:17:9",
        Replace(STANDARD, "fields:" + FIELDS, "fields: [public_disclosure, criticality]\n"),
    ),
    case(
        "standard.yml: title is a list",
        "meta.invalid standards/performance/standard.yml:2:8",
        Replace(STANDARD, "title: Performance Standard", "title: [Performance, Standard]"),
    ),
    case(
        "standard.yml: code is a mapping",
        "meta.invalid standards/performance/standard.yml:1:7",
        Replace(STANDARD, "code: PS", "code: {a: 1}"),
    ),
    case(
        "standard.yml: section_levels is a mapping",
        "meta.invalid standards/performance/standard.yml:8:17",
        Replace(STANDARD, "section_levels: [pillar, principle]", "section_levels: {pillar: 1}"),
    ),
    case(
        "standard.yml: a field declaration is a number",
        "meta.invalid standards/performance/standard.yml:38:9",
        Replace(STANDARD, "  note:\n    type: string", "  note: 5"),
    ),
    case(
        "standard.yml: unknown field type",
        "schema.invalid-field standards/performance/standard.yml:39:11",
        Replace(STANDARD, "    type: string", "    type: text"),
    ),
    case(
        "standard.yml: choices is a number",
        "schema.invalid-field standards/performance/standard.yml:27:14",
        Replace(STANDARD, "    choices: [critical, core]", "    choices: 3"),
    ),
    case(
        "standard.yml: enum without choices",
        "schema.invalid-field standards/performance/standard.yml:23:3",
        Replace(STANDARD, "    type: enum\n    choices: [critical, core]\n", "    type: enum\n"),
    ),
    case(
        "standard.yml: default of the wrong type",
        "schema.invalid-field standards/performance/standard.yml:21:14",
        Replace(STANDARD, "    default: false", "    default: maybe"),
    ),
    case(
        "standard.yml: default not a choice",
        "schema.invalid-field standards/performance/standard.yml:27:14",
        Replace(STANDARD, "    default: core", "    default: minor"),
    ),
    case(
        "standard.yml: unknown key",
        "meta.unknown-key standards/performance/standard.yml:3:1",
        Replace(STANDARD, "owner: Meridian", "ownr: Meridian"),
    ),
    case(
        "standard.yml: a field name that would leave an HTML attribute",
        "schema.invalid-field standards/performance/standard.yml:40:3",
        Replace(
            STANDARD,
            "  note:\n    type: string",
            '  note:\n    type: string\n  "x\\" onmouseover=\\"alert(1)":\n    type: string',
        ),
    ),
    case(
        "standard.yml: field on an unknown level",
        "schema.invalid-field standards/performance/standard.yml:52:9",
        Replace(STANDARD, "    on: principle", "    on: chapter"),
    ),
    case(
        "version.yml is a list",
        "yaml.not-mapping standards/performance/v3/version.yml:1:1",
        Write(V3, "- version: v3\n- status: published\n"),
    ),
    case(
        "version.yml is a scalar",
        "yaml.not-mapping standards/performance/v3/version.yml:1:1",
        Write(V3, "v3\n"),
    ),
    case(
        "version.yml is empty",
        "meta.missing-key standards/performance/v3/version.yml:1:1",
        Write(V3, ""),
        errors=2,
    ),
    case(
        "version.yml: status is a mapping",
        "meta.invalid standards/performance/v3/version.yml:3:9",
        Replace(V3, "status: published", "status: {x: 1}"),
    ),
    case(
        "version.yml: unknown status",
        "version.status-unknown standards/performance/v3/version.yml:3:9",
        Replace(V3, "status: published", "status: publish"),
    ),
    case(
        "version.yml: supersedes is a list",
        "meta.invalid standards/performance/v3/version.yml:7:13",
        Replace(V3, "supersedes: v2", "supersedes: [v2]"),
    ),
    case(
        "version.yml: version is a list",
        "meta.invalid standards/performance/v3/version.yml:1:10",
        Replace(V3, "version: v3", "version: [v3]"),
    ),
    case(
        "version.yml: version differs from the folder",
        "project.name-mismatch standards/performance/v3/version.yml:1:10",
        Replace(V3, "version: v3", "version: v3.0"),
    ),
    case(
        "version.yml: fields is a list",
        "meta.invalid standards/performance/v3/version.yml:12:9",
        Append(V3, "fields: [a]\n"),
    ),
    case(
        "version.yml: adds a field of an unknown type",
        "schema.invalid-field standards/performance/v3/version.yml:14:18",
        Append(V3, "fields:\n  add:\n    cwe2: {type: nope}\n"),
    ),
    case(
        "version.yml: retires an undeclared field",
        "schema.invalid-field standards/performance/v3/version.yml:13:12",
        Append(V3, "fields:\n  retire: [nope]\n"),
    ),
    case(
        "version.yml: changes a field to a wrong shape",
        "schema.invalid-field standards/performance/v3/version.yml:14:18",
        Append(V3, "fields:\n  change:\n    criticality: [critical]\n"),
    ),
    case(
        "version.yml: unknown key",
        "meta.unknown-key standards/performance/v3/version.yml:9:1",
        Replace(V3, "summary: >", "sumary: >"),
    ),
    case(
        "edition.yml is a list",
        "yaml.not-mapping guidance/performance/v3-2026/edition.yml:1:1",
        Write(EDITION, "- edition\n"),
    ),
    case(
        "edition.yml: serves is a list",
        "meta.invalid guidance/performance/v3-2026/edition.yml:3:9",
        Replace(EDITION, "serves: v3", "serves: [v3]"),
    ),
    case(
        "edition.yml: unknown status",
        "version.status-unknown guidance/performance/v3-2026/edition.yml:4:9",
        Replace(EDITION, "status: published", "status: live"),
    ),
    case(
        "edition.yml: edition differs from the folder",
        "project.name-mismatch guidance/performance/v3-2026/edition.yml:1:10",
        Replace(EDITION, "edition: v3-2026", "edition: v3-2027"),
    ),
    case(
        "edition.yml: no edition key",
        "meta.missing-key guidance/performance/v3-2026/edition.yml:1:1",
        Replace(EDITION, "edition: v3-2026\n", ""),
    ),
    case(
        "edition.yml: no serves key",
        "meta.missing-key guidance/performance/v3-2026/edition.yml:1:1",
        Replace(EDITION, "serves: v3\n", ""),
    ),
    case(
        "changes.yml is a list",
        "yaml.not-mapping standards/performance/v3/changes.yml:1:1",
        Write(CHANGES, "- from: v2\n"),
    ),
    case(
        "changes.yml: criteria is a number",
        "meta.invalid standards/performance/v3/changes.yml:2:11",
        Write(CHANGES, "from: v2\ncriteria: 5\n"),
    ),
    case(
        "changes.yml: an entry is a number",
        "meta.invalid standards/performance/v3/changes.yml:4:5",
        Replace(CHANGES, "  - {kinds: [added], new: [just-transition]}", "  - 5"),
    ),
    case(
        "changes.yml: old holds a mapping",
        "meta.invalid standards/performance/v3/changes.yml:7:62",
        Replace(CHANGES, "old: [ghg-plan]", "old: [{a: 1}]"),
    ),
    case(
        "changes.yml: unknown kind",
        "meta.invalid standards/performance/v3/changes.yml:4:14",
        Replace(
            CHANGES,
            "{kinds: [added], new: [just-transition]}",
            "{kinds: [appended], new: [just-transition]}",
        ),
    ),
    case(
        "changes.yml: entry without kinds",
        "meta.missing-key standards/performance/v3/changes.yml:4:5",
        Replace(CHANGES, "{kinds: [added], new: [just-transition]}", "{new: [just-transition]}"),
    ),
    case(
        "changes.yml: terms is a mapping",
        "meta.invalid standards/performance/v3/changes.yml:15:8",
        Replace(
            CHANGES,
            "terms:\n  - {kind: added, term: Just Transition}",
            "terms: {added: Just Transition}",
        ),
    ),
    case(
        "changes.yml: unknown term change kind",
        "meta.invalid standards/performance/v3/changes.yml:16:12",
        Replace(
            CHANGES, "{kind: added, term: Just Transition}", "{kind: coined, term: Just Transition}"
        ),
    ),
    case(
        "changes.yml: fields is a text",
        "meta.invalid standards/performance/v3/changes.yml:17:9",
        Append(CHANGES, "fields: cwe\n"),
    ),
    case(
        "changes.yml: field change without its field",
        "meta.missing-key standards/performance/v3/changes.yml:18:5",
        Append(CHANGES, "fields:\n  - {kind: added}\n"),
    ),
    case(
        "changes.yml: from names an unknown version",
        "changes.mismatch standards/performance/v3/changes.yml:1:7",
        Replace(CHANGES, "from: v2", "from: v1"),
    ),
    case(
        "changes.yml: from is a list",
        "meta.invalid standards/performance/v3/changes.yml:1:7",
        Replace(CHANGES, "from: v2", "from: [v2]"),
    ),
    case(
        "changes.yml: unknown key",
        "meta.unknown-key standards/performance/v3/changes.yml:2:1",
        Replace(CHANGES, "criteria:", "criterion:"),
    ),
    case(
        "changes.yml: a listed change that is not made",
        "changes.mismatch standards/performance/v3/changes.yml:5:5",
        Replace(
            CHANGES,
            "{kinds: [added], new: [just-transition]}",
            (
                "{kinds: [added], new: [just-transition]}\n"
                "  - {kinds: [removed], old: [legal-compliance]}"
            ),
        ),
    ),
    case(
        "changes.yml: a change made but not listed",
        "changes.mismatch standards/performance/v3/changes.yml:1:1",
        Replace(CHANGES, "  - {kinds: [added], new: [just-transition]}\n", ""),
    ),
    case(
        "criterion block is a list",
        "yaml.not-mapping standards/performance/v3/01-governance.md:16:1",
        Replace(
            GOVERNANCE,
            (
                "id: legal-compliance\n"
                "applies_to: [all]\n"
                "criticality: critical\n"
                "evidence: [document, interview]\n"
                "reference: https://example.org/law"
            ),
            "- id: legal-compliance",
        ),
    ),
    case(
        "criterion block is a scalar",
        "yaml.not-mapping standards/performance/v3/01-governance.md:16:1",
        Replace(
            GOVERNANCE,
            (
                "id: legal-compliance\n"
                "applies_to: [all]\n"
                "criticality: critical\n"
                "evidence: [document, interview]\n"
                "reference: https://example.org/law"
            ),
            "legal-compliance",
        ),
    ),
    case(
        "criterion id is a list",
        "criterion.id-invalid standards/performance/v3/01-governance.md:16:5",
        Replace(GOVERNANCE, "id: legal-compliance", "id: [legal, compliance]"),
    ),
    case(
        "criterion id is a float",
        "criterion.id-invalid standards/performance/v3/01-governance.md:16:5",
        Replace(GOVERNANCE, "id: legal-compliance", "id: 4.2"),
    ),
    case(
        "applies_to is a number",
        "applicability.unknown standards/performance/v3/02-environment.md:13:13",
        Replace(ENVIRONMENT, "applies_to: [smelting, mining]", "applies_to: 5"),
    ),
    case(
        "applies_to is a mapping",
        "meta.invalid standards/performance/v3/02-environment.md:13:13",
        Replace(ENVIRONMENT, "applies_to: [smelting, mining]", "applies_to: {smelting: yes}"),
    ),
    case(
        "replaces is a mapping",
        "meta.invalid standards/performance/v3/02-environment.md:15:11",
        Replace(ENVIRONMENT, "replaces: [ghg-plan]", "replaces: {ghg-plan: yes}"),
    ),
    case(
        "criterion status unknown",
        "meta.invalid standards/performance/v3/02-environment.md:30:9",
        Replace(ENVIRONMENT, "status: withdrawn", "status: retired"),
    ),
    case(
        "withdrawn_to on an active criterion",
        "meta.invalid standards/performance/v3/01-governance.md:32:1",
        Replace(
            GOVERNANCE,
            "id: anti-corruption",
            "id: anti-corruption\nwithdrawn_to: [legal-compliance]",
        ),
    ),
    case(
        "withdrawn_as unknown",
        "meta.invalid standards/performance/v3/02-environment.md:32:15",
        Replace(
            ENVIRONMENT,
            "withdrawn_to: [ghg-targets]",
            "withdrawn_to: [ghg-targets]\nwithdrawn_as: deleted",
        ),
    ),
    case(
        "term aliases holds a list",
        "meta.invalid glossary/01-terms.md:8:11",
        Replace(GLOSSARY, "aliases: [Entities]", "aliases: [[Entities]]"),
    ),
    case(
        "term versions is a mapping",
        "meta.invalid glossary/01-terms.md:35:11",
        Replace(GLOSSARY, "versions: [performance@v3]", "versions: {performance: v3}"),
    ),
    case(
        "term block unknown key",
        "meta.unknown-key glossary/01-terms.md:10:1",
        Replace(GLOSSARY, 'source: "MMSC"', 'source: "MMSC"\nsee_also: Facility'),
    ),
    case(
        "guidance for is a list",
        "meta.invalid guidance/performance/v3-2026/01-governance.md:10:6",
        Replace(GUIDANCE, "for: legal-compliance", "for: [legal-compliance]"),
    ),
    case(
        "guidance block without for",
        "meta.missing-key guidance/performance/v3-2026/01-governance.md:10:1",
        Replace(GUIDANCE, "for: legal-compliance", ""),
    ),
    case(
        "guidance block unknown key",
        "meta.unknown-key guidance/performance/v3-2026/01-governance.md:11:1",
        Replace(GUIDANCE, "for: legal-compliance", "for: legal-compliance\nfro: x"),
    ),
    case(
        "section field not a choice",
        "field.enum standards/performance/v3/01-governance.md:8:9",
        Replace(GOVERNANCE, "impact: high", "impact: extreme"),
    ),
    case(
        "section block unknown key",
        "field.unknown standards/performance/v3/01-governance.md:9:1",
        Replace(GOVERNANCE, "impact: high", "impact: high\neffort: low"),
    ),
    case(
        "section block is a list",
        "yaml.not-mapping standards/performance/v3/01-governance.md:8:1",
        Replace(GOVERNANCE, "impact: high", "- impact: high"),
    ),
    case(
        "standard.yml missing",
        "project.missing-file standards/performance/standard.yml:1:1",
        Delete(STANDARD),
    ),
    case(
        "version.yml missing",
        "project.missing-file standards/performance/v3/version.yml:1:1",
        Delete(V3),
    ),
    case(
        "superseded version's version.yml missing",
        "project.missing-file standards/performance/v2/version.yml:1:1",
        Delete(V2),
    ),
    case(
        "edition.yml missing",
        "project.missing-file guidance/performance/v3-2026/edition.yml:1:1",
        Delete(EDITION),
    ),
    case(
        "standard folder without anything",
        "project.missing-file standards/empty/standard.yml:1:1",
        Write("standards/empty/.keep", ""),
    ),
    case(
        "version folder with only version.yml",
        "guidance.missing standards/performance/v4/version.yml:1:1",
        Write(
            "standards/performance/v4/version.yml", "version: v4\nstatus: draft\nsupersedes: v3\n"
        ),
    ),
    case(
        "version.yml does not parse",
        "yaml.malformed standards/performance/v3/version.yml:4:10",
        Replace(V3, "status: published", "status: [published"),
    ),
    case(
        "superseded version.yml does not parse",
        "yaml.malformed standards/performance/v2/version.yml:3:1",
        Replace(V2, "status: superseded", "\tstatus: superseded"),
    ),
    case(
        "standard.yml does not parse",
        "yaml.malformed standards/performance/standard.yml:3:6",
        Replace(STANDARD, "title: Performance Standard", "title: [Performance Standard"),
    ),
    case(
        "standard.yml fields do not parse",
        "yaml.malformed standards/performance/standard.yml:21:4",
        Replace(STANDARD, "    type: boolean", "    type: boolean\n   bad: indent"),
    ),
    case(
        "edition.yml does not parse",
        "yaml.malformed guidance/performance/v3-2026/edition.yml:4:7",
        Replace(EDITION, "serves: v3", "serves: {v3"),
    ),
    case(
        "changes.yml does not parse",
        "yaml.malformed standards/performance/v3/changes.yml:6:3",
        Replace(
            CHANGES,
            "{kinds: [added], new: [just-transition]}",
            "{kinds: [added], new: [just-transition]",
        ),
    ),
    case(
        "criterion block does not parse",
        "yaml.malformed standards/performance/v3/01-governance.md:18:12",
        Replace(
            GOVERNANCE,
            "applies_to: [all]\ncriticality: critical\nevidence",
            "applies_to: [all\ncriticality: critical\nevidence",
        ),
    ),
    case(
        "term block does not parse",
        "yaml.malformed glossary/01-terms.md:9:7",
        Replace(GLOSSARY, "aliases: [Entities]", "aliases: [Entities"),
    ),
    case(
        "applies_to names an unknown code",
        "applicability.unknown standards/performance/v3/02-environment.md:13:24",
        Replace(ENVIRONMENT, "applies_to: [smelting, mining]", "applies_to: [smelting, minning]"),
    ),
    case(
        "applicability is a number",
        "meta.invalid standards/performance/standard.yml:10:16",
        Replace(
            STANDARD,
            (
                "applicability:\n"
                "  - code: mining\n"
                "    label: Mining\n"
                "    description: Extraction of ore, brines or other primary mineral resources.\n"
                "  - code: smelting\n"
                "    label: Smelting\n"
                "  - manufacturing\n"
            ),
            "applicability: 7\n",
        ),
    ),
    case(
        "applicability entry without code",
        "meta.missing-key standards/performance/standard.yml:14:5",
        Replace(STANDARD, "  - code: smelting\n    label: Smelting", "  - label: Smelting"),
    ),
    case(
        "applicability entry is a list",
        "meta.invalid standards/performance/standard.yml:16:5",
        Replace(STANDARD, "  - manufacturing", "  - [manufacturing]"),
    ),
    case(
        "applicability entry unknown key",
        "meta.unknown-key standards/performance/standard.yml:15:5",
        Replace(STANDARD, "    label: Smelting", "    lable: Smelting"),
    ),
    case(
        "applicability code twice",
        "meta.invalid standards/performance/standard.yml:17:5",
        Replace(STANDARD, "  - manufacturing", "  - manufacturing\n  - mining"),
    ),
    case(
        "replaces names an unknown id",
        "replaces.unknown standards/performance/v3/02-environment.md:15:22",
        Replace(ENVIRONMENT, "replaces: [ghg-plan]", "replaces: [ghg-plan, ghg-plans]"),
    ),
    case(
        "serves names an unknown version",
        "guidance.unknown-version guidance/performance/v3-2026/edition.yml:3:9",
        Replace(EDITION, "serves: v3", "serves: v9"),
    ),
    case(
        "term versions names an unknown version",
        "term.version-unknown glossary/01-terms.md:35:28",
        Replace(
            GLOSSARY, "versions: [performance@v3]", "versions: [performance@v3, performance@v9]"
        ),
    ),
    case(
        "term versions names an unknown standard",
        "term.version-unknown glossary/01-terms.md:35:12",
        Replace(GLOSSARY, "versions: [performance@v3]", "versions: [perf]"),
    ),
    case(
        "supersedes names an unknown version",
        "version.supersedes-unknown standards/performance/v3/version.yml:7:13",
        Replace(V3, "supersedes: v2", "supersedes: v1"),
    ),
    case(
        "supersedes loops",
        "version.supersedes-cycle standards/performance/v2/version.yml:7:13",
        Replace(V2, "summary:", "supersedes: v3\nsummary:"),
    ),
    case(
        "edition supersedes an unknown edition",
        "guidance.unknown-version guidance/performance/v3-2026/edition.yml:6:13",
        Replace(EDITION, "supersedes: v3-2025", "supersedes: v3-2024"),
    ),
    case(
        "edition supersedes loop",
        "version.supersedes-cycle guidance/performance/v3-2025/edition.yml:6:13",
        Replace(EDITION_2025, "summary:", "supersedes: v3-2026\nsummary:"),
    ),
    case(
        "withdrawn_to names an unknown id",
        "withdrawn.target-unknown standards/performance/v3/02-environment.md:31:16",
        Replace(ENVIRONMENT, "withdrawn_to: [ghg-targets]", "withdrawn_to: [ghg-target]"),
    ),
    case(
        "withdrawn_to names itself",
        "withdrawn.target-unknown standards/performance/v3/02-environment.md:31:16",
        Replace(ENVIRONMENT, "withdrawn_to: [ghg-targets]", "withdrawn_to: [energy-audit]"),
    ),
    case(
        "withdrawn_to names a missing part",
        "withdrawn.target-unknown standards/performance/v3/02-environment.md:31:16",
        Replace(ENVIRONMENT, "withdrawn_to: [ghg-targets]", "withdrawn_to: [ghg-targets.z]"),
    ),
    case(
        "withdrawn_to names a withdrawn criterion",
        "term.unused glossary/01-terms.md:31:1",
        Replace(
            ENVIRONMENT,
            (
                "### 5.3 Just transition\n"
                "\n"
                "```criterion\n"
                "id: just-transition\n"
                "applies_to: [all]\n"
                "```\n"
                "\n"
                "The Entity shall plan a Just Transition for workers affected by decarbonisation."
            ),
            (
                "### 5.3 Just transition\n"
                "\n"
                "```criterion\n"
                "id: just-transition\n"
                "status: withdrawn\n"
                "withdrawn_to: [energy-audit]\n"
                "```"
            ),
        ),
        warnings=2,
    ),
    case(
        "reference to an unknown criterion",
        "reference.unresolved standards/performance/v3/02-environment.md:24:29",
        Replace(ENVIRONMENT, "[[legal-compliance.a|the law part]]", "[[legal-complience]]"),
    ),
    case(
        "reference to an unknown part",
        "reference.unresolved standards/performance/v3/02-environment.md:24:29",
        Replace(ENVIRONMENT, "[[legal-compliance.a|the law part]]", "[[legal-compliance.z]]"),
    ),
    case(
        "reference to an unknown standard",
        "reference.unresolved standards/performance/v3/02-environment.md:24:29",
        Replace(ENVIRONMENT, "[[legal-compliance.a|the law part]]", "[[custody:mass-balance]]"),
    ),
    case(
        "reference to a withdrawn criterion",
        "reference.withdrawn standards/performance/v3/02-environment.md:24:29",
        Replace(ENVIRONMENT, "[[legal-compliance.a|the law part]]", "[[energy-audit]]"),
    ),
    case(
        "guidance for an unknown criterion",
        "guidance.unknown-criterion guidance/performance/v3-2026/01-governance.md:10:6",
        Replace(GUIDANCE, "for: legal-compliance", "for: legal-complience"),
    ),
    case(
        "guidance twice for one criterion",
        "guidance.duplicate guidance/performance/v3-2026/01-governance.md:20:6",
        Replace(GUIDANCE, "for: anti-corruption", "for: legal-compliance"),
    ),
    case(
        "unknown explicit term",
        "term.unknown standards/performance/v3/02-environment.md:21:56",
        Replace(ENVIRONMENT, "[=Entity|its=]", "[=Entitie|its=]"),
    ),
    case(
        "two terms with one id",
        "term.id-duplicate glossary/01-terms.md:48:1",
        Append(GLOSSARY, "\n## GHG-Emissions\n\n```term\n```\n\nReleases of greenhouse gases.\n"),
    ),
    case(
        "term id that leaves a folder",
        "term.id-invalid glossary/01-terms.md:34:5",
        Replace(GLOSSARY, "id: just-transition", "id: ../../etc"),
    ),
    case(
        "term id in capitals",
        "term.id-invalid glossary/01-terms.md:34:5",
        Replace(GLOSSARY, "id: just-transition", "id: Just-Transition"),
    ),
    case(
        "term heading without a letter",
        "term.id-invalid glossary/01-terms.md:48:1",
        Append(GLOSSARY, "\n## ???\n\n```term\n```\n\nPunctuation.\n"),
    ),
    case(
        "term defined twice",
        "term.duplicate glossary/01-terms.md:48:1",
        Append(GLOSSARY, "\n## Entity\n\n```term\n```\n\nAnother definition.\n"),
    ),
    case(
        "alias that is another term",
        "term.alias-clash glossary/01-terms.md:40:1",
        Replace(GLOSSARY, "aliases: [Policies]", "aliases: [Policies, Entity]"),
    ),
    case(
        "term defined but never used",
        "term.unused glossary/01-terms.md:48:1",
        Append(GLOSSARY, "\n## Tailings\n\n```term\n```\n\nResidues of ore processing.\n"),
    ),
    case(
        "criterion id with capitals",
        "criterion.id-invalid standards/performance/v3/01-governance.md:16:5",
        Replace(GOVERNANCE, "id: legal-compliance", "id: Legal_Compliance"),
    ),
    case(
        "criterion id twice in a version",
        "criterion.id-duplicate standards/performance/v3/02-environment.md:35:1",
        Replace(ENVIRONMENT, "id: just-transition", "id: ghg-targets"),
    ),
    case(
        "criterion without id",
        "criterion.id-missing standards/performance/v3/02-environment.md:38:1",
        Replace(ENVIRONMENT, "id: just-transition\n", ""),
    ),
    case(
        "criterion with an empty id",
        "criterion.id-invalid standards/performance/v3/02-environment.md:38:5",
        Replace(ENVIRONMENT, "id: just-transition", "id: ''"),
    ),
    case(
        "criterion without body",
        "criterion.empty standards/performance/v3/02-environment.md:35:1",
        Replace(
            ENVIRONMENT,
            "\nThe Entity shall plan a Just Transition for workers affected by decarbonisation.\n",
            "",
        ),
    ),
    case(
        "criterion block after text",
        "criterion.block-misplaced standards/performance/v3/02-environment.md:39:1",
        Replace(
            ENVIRONMENT, "### 5.3 Just transition\n", "### 5.3 Just transition\n\nIntroduction.\n"
        ),
    ),
    case(
        "stray end marker",
        "criterion.end-stray standards/performance/v3/02-environment.md:3:1",
        Replace(ENVIRONMENT, "# Environment\n", "# Environment\n\n<!-- end -->\n"),
    ),
    case(
        "unterminated criterion fence at the end",
        "yaml.malformed standards/performance/v3/02-environment.md:41:81",
        Replace(ENVIRONMENT, "applies_to: [all]\n```\n", "applies_to: [all]\n"),
    ),
    case(
        "chapter linked to /etc/passwd",
        "source.outside-project standards/performance/v3/03-passwd.md:1:1",
        Link("standards/performance/v3/03-passwd.md", "/etc/passwd"),
    ),
    case(
        "glossary folder linked outside",
        "source.outside-project glossary:1:1",
        Link("glossary", "/etc"),
    ),
    case(
        "version.yml linked outside",
        "source.outside-project standards/performance/v3/version.yml:1:1",
        Link(V3, "/etc/hostname"),
    ),
    case(
        "standard folder linked outside",
        "source.outside-project standards/other:1:1",
        Link("standards/other", "../../.."),
    ),
    case(
        "link that loops",
        "source.link-broken standards/performance/v3/03-loop.md:1:1",
        Link("standards/performance/v3/03-loop.md", "03-loop.md"),
    ),
    case(
        "dangling link",
        "source.link-broken standards/performance/v3/03-gone.md:1:1",
        Link("standards/performance/v3/03-gone.md", "nowhere.md"),
    ),
    case(
        "link out of the project",
        "link.outside-project standards/performance/v3/02-environment.md:42:83",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by [decarbonisation](../../../../../etc/passwd).",
        ),
    ),
    case(
        "absolute file link",
        "link.broken standards/performance/v3/02-environment.md:42:83",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by [decarbonisation](/etc/passwd).",
        ),
    ),
    case(
        "image out of the project",
        "link.outside-project standards/performance/v3/02-environment.md:44:10",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by decarbonisation.\n\n![chart](../../../../../etc/hosts)",
        ),
    ),
    case(
        "link to a missing file",
        "link.broken standards/performance/v3/02-environment.md:42:83",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by [decarbonisation](03-missing.md).",
        ),
    ),
    case(
        "link to a missing anchor",
        "link.broken standards/performance/v3/02-environment.md:42:83",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by [decarbonisation](01-governance.md#nowhere).",
        ),
    ),
    case(
        "chapter name not UTF-8",
        "source.name-not-utf8 standards/performance/v3/01-caf\\xe9.md:1:1",
        Rename(GOVERNANCE, b"01-caf\xe9.md"),
    ),
    case(
        "version folder name not UTF-8",
        "source.name-not-utf8 standards/performance/v\\xff:1:1",
        Rename("standards/performance/v3", b"v\xff"),
    ),
    case(
        "chapter not UTF-8",
        "source.not-utf8 standards/performance/v3/01-governance.md:23:86",
        Replace(GOVERNANCE, "each site", b"each caf\xe9"),
    ),
    case(
        "version.yml not UTF-8",
        "source.not-utf8 standards/performance/v3/version.yml:2:30",
        Replace(V3, "Performance Standard V3", b"Performance Standard V\xb3"),
    ),
    case(
        "chapter in UTF-16",
        "source.not-utf8 standards/performance/v3/03-utf16.md:1:1",
        Write(
            "standards/performance/v3/03-utf16.md",
            b"\xff\xfe#\x00 \x00A\x00n\x00n\x00e\x00x\x00\n\x00",
        ),
    ),
    case(
        "file name with a line break",
        "source.name-not-utf8 standards/performance/v3/02-environ\\x0ament.md:1:1",
        Rename(ENVIRONMENT, b"02-environ\nment.md"),
    ),
    case(
        "file name with an escape sequence",
        "source.name-not-utf8 standards/performance/v3/02-\\x1b[31menvironment.md:1:1",
        Rename(ENVIRONMENT, b"02-\x1b[31menvironment.md"),
    ),
    case(
        "script in criterion text",
        "html.removed standards/performance/v3/02-environment.md:42:81",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by decarbonisation.<script>alert(1)</script>",
        ),
    ),
    case(
        "event handler in criterion text",
        "asset.missing standards/performance/v3/02-environment.md:42:75",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            'affected by <img src="x.png" onerror="alert(1)">.',
        ),
    ),
    case(
        "javascript: link in HTML",
        "html.removed glossary/01-terms.md:38:1",
        Replace(
            GLOSSARY,
            "Greening the economy",
            '<a href="javascript:alert(1)">Greening</a> the economy',
        ),
    ),
    case(
        "iframe in guidance",
        "html.removed guidance/performance/v3-2026/01-governance.md:37:1",
        Replace(
            GUIDANCE,
            "Targets make GHG Emissions fall.",
            'Targets make GHG Emissions fall.\n\n<iframe src="https://example.org"></iframe>',
        ),
    ),
    case(
        "style block in a section",
        "html.removed standards/performance/v3/01-governance.md:11:1",
        Replace(
            GOVERNANCE,
            "Business integrity is the precondition",
            "<style>body{display:none}</style>\n\nBusiness integrity is the precondition",
        ),
    ),
    case(
        "boolean field: maybe",
        "field.type standards/performance/v3/02-environment.md:14:20",
        Replace(ENVIRONMENT, "public_disclosure: true", "public_disclosure: maybe"),
    ),
    case(
        "boolean field: a list",
        "field.type standards/performance/v3/02-environment.md:14:20",
        Replace(ENVIRONMENT, "public_disclosure: true", "public_disclosure: [true]"),
    ),
    case(
        "number field: a word",
        "field.type standards/performance/v3/02-environment.md:16:15",
        Replace(ENVIRONMENT, "review_years: 3", "review_years: three"),
    ),
    case(
        "number field: not a number",
        "field.type standards/performance/v3/02-environment.md:16:15",
        Replace(ENVIRONMENT, "review_years: 3", "review_years: .nan"),
    ),
    case(
        "number field: infinite",
        "field.type standards/performance/v3/02-environment.md:16:15",
        Replace(ENVIRONMENT, "review_years: 3", "review_years: 1e999"),
    ),
    case(
        "number field: a boolean",
        "field.type standards/performance/v3/02-environment.md:16:15",
        Replace(ENVIRONMENT, "review_years: 3", "review_years: true"),
    ),
    case(
        "date field: a word",
        "field.type standards/performance/v3/02-environment.md:17:14",
        Replace(ENVIRONMENT, "next_review: 2026-01-01", "next_review: soon"),
    ),
    case(
        "enum field: not a choice",
        "field.enum standards/performance/v3/01-governance.md:18:14",
        Replace(GOVERNANCE, "criticality: critical\nevidence", "criticality: extreme\nevidence"),
    ),
    case(
        "enum field: a list",
        "field.type standards/performance/v3/01-governance.md:18:14",
        Replace(GOVERNANCE, "criticality: critical\nevidence", "criticality: [critical]\nevidence"),
    ),
    case(
        "list-of-enum field: an item not a choice",
        "field.enum standards/performance/v3/01-governance.md:19:22",
        Replace(GOVERNANCE, "evidence: [document, interview]", "evidence: [document, hearsay]"),
    ),
    case(
        "string field: a list",
        "field.type standards/performance/v3/02-environment.md:18:7",
        Replace(ENVIRONMENT, "note: Reviewed yearly.", "note: [Reviewed, yearly]"),
    ),
    case(
        "list-of-string field: nested list",
        "field.type standards/performance/v3/01-governance.md:35:22",
        Replace(GOVERNANCE, "audiences: [Workers, Agents]", "audiences: [Workers, [Agents]]"),
    ),
    case(
        "list-of-number field: a word",
        "field.type standards/performance/v3/01-governance.md:36:11",
        Replace(GOVERNANCE, "cwe: [79, 89]", "cwe: [79, eighty-nine]"),
    ),
    case(
        "url field: javascript:",
        "field.type standards/performance/v3/01-governance.md:20:12",
        Replace(GOVERNANCE, "reference: https://example.org/law", "reference: javascript:alert(1)"),
    ),
    case(
        "url field: data:",
        "field.type standards/performance/v3/01-governance.md:20:12",
        Replace(GOVERNANCE, "reference: https://example.org/law", "reference: data:text/html,x"),
    ),
    case(
        "url field: relative",
        "field.type standards/performance/v3/01-governance.md:20:12",
        Replace(GOVERNANCE, "reference: https://example.org/law", "reference: ../law.html"),
    ),
    case(
        "url field: no host",
        "field.type standards/performance/v3/01-governance.md:20:12",
        Replace(GOVERNANCE, "reference: https://example.org/law", "reference: 'https://'"),
    ),
    case(
        "url field: a list",
        "field.type standards/performance/v3/01-governance.md:20:12",
        Replace(
            GOVERNANCE, "reference: https://example.org/law", "reference: [https://example.org/law]"
        ),
    ),
    case(
        "unknown field",
        "field.unknown standards/performance/v3/01-governance.md:18:1",
        Replace(GOVERNANCE, "criticality: critical\nevidence", "criticallity: critical\nevidence"),
    ),
    case(
        "required field missing",
        "field.required standards/performance/v2/01-governance.md:16:1",
        Replace(
            STANDARD, "  note:\n    type: string", "  note:\n    type: string\n    required: true"
        ),
        errors=9,
    ),
    case(
        "criterion heading without a number",
        "number.invalid standards/performance/v3/02-environment.md:35:1",
        Replace(ENVIRONMENT, "### 5.3 Just transition", "### Just transition"),
    ),
    case(
        "number not in the numbering",
        "number.invalid standards/performance/v3/02-environment.md:35:1",
        Replace(ENVIRONMENT, "### 5.3 Just transition", "### A-3 Just transition"),
    ),
    case(
        "number twice",
        "number.duplicate standards/performance/v3/02-environment.md:35:1",
        Replace(ENVIRONMENT, "### 5.3 Just transition", "### 5.2 Just transition"),
    ),
    case(
        "numbers out of order",
        "number.order standards/performance/v3/02-environment.md:35:1",
        Replace(ENVIRONMENT, "### 5.3 Just transition", "### 5.0 Just transition"),
    ),
    case(
        "unknown numbering style",
        "meta.invalid standards/performance/standard.yml:9:12",
        Replace(STANDARD, "numbering: dotted", "numbering: roman"),
    ),
    case(
        "numbering pattern not a regex",
        "meta.invalid standards/performance/standard.yml:9:22",
        Replace(STANDARD, "numbering: dotted", "numbering: {pattern: '[A-Z'}"),
    ),
    case(
        "numbering pattern that matches nothing",
        "meta.invalid standards/performance/standard.yml:9:22",
        Replace(STANDARD, "numbering: dotted", "numbering: {pattern: 'x*'}"),
    ),
    case(
        "numbering pattern with catastrophic backtracking",
        "number.invalid standards/performance/v3/02-environment.md:35:1",
        Replace(STANDARD, "numbering: dotted", "numbering: {pattern: '(\\d+)+(\\.(\\d+)+)*'}"),
        Replace(
            ENVIRONMENT,
            "### 5.3 Just transition",
            "### 1111111111111111111111111111111111111111111111111111111111111111x Just transition",
        ),
    ),
    case(
        "empty heading",
        "number.invalid standards/performance/v3/02-environment.md:35:1",
        Replace(ENVIRONMENT, "### 5.3 Just transition", "### "),
    ),
    case(
        "YAML nested too deep",
        "yaml.malformed standards/performance/v3/01-governance.md:36:37",
        Replace(
            GOVERNANCE,
            "cwe: [79, 89]",
            "cwe: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        ),
    ),
    case(
        "second YAML document in a block",
        "yaml.malformed standards/performance/v3/01-governance.md:37:1",
        Replace(GOVERNANCE, "cwe: [79, 89]", "cwe: [79, 89]\n---\nid: x"),
    ),
    case(
        "complex key in a block",
        "yaml.malformed standards/performance/v3/01-governance.md:36:3",
        Replace(GOVERNANCE, "cwe: [79, 89]", "? [a]\n: b"),
    ),
    case(
        "empty criterion block",
        "criterion.id-missing standards/performance/v3/02-environment.md:38:1",
        Replace(ENVIRONMENT, "id: just-transition\napplies_to: [all]\n", ""),
    ),
    case(
        "criterion block with only a comment",
        "criterion.id-missing standards/performance/v3/02-environment.md:38:1",
        Replace(ENVIRONMENT, "id: just-transition\napplies_to: [all]\n", "# to do\n"),
    ),
    case(
        "version folder named latest",
        "version.name-reserved standards/performance/latest:1:1",
        Rename("standards/performance/v3", b"latest"),
        errors=2,
    ),
    case(
        "version folder with a line break in its name",
        "source.name-not-utf8 standards/performance/v3\\x0ax:1:1",
        Rename("standards/performance/v3", b"v3\nx"),
    ),
    case(
        "term block under no heading",
        "criterion.block-misplaced glossary/01-terms.md:5:1",
        Replace(
            GLOSSARY,
            "Terms used across the standards.\n",
            "Terms used across the standards.\n\n```term\naliases: [x]\n```\n",
        ),
    ),
    case(
        "HTML comment left open",
        "markdown.unclosed standards/performance/v3/02-environment.md:26:1",
        Replace(ENVIRONMENT, "### 5.2 Energy audits", "<!-- draft\n\n### 5.2 Energy audits"),
    ),
    case(
        "code fence left open",
        "markdown.unclosed standards/performance/v3/02-environment.md:26:1",
        Replace(ENVIRONMENT, "### 5.2 Energy audits", "````\n\n### 5.2 Energy audits"),
    ),
    case(
        "criterion fence left open",
        "yaml.malformed standards/performance/v3/02-environment.md:36:1",
        Replace(
            ENVIRONMENT,
            "withdrawn_reason: Energy use is now covered by the targets.\n```\n",
            "withdrawn_reason: Energy use is now covered by the targets.\n",
        ),
    ),
    case(
        "remote image with an event handler",
        "asset.remote standards/performance/v3/02-environment.md:42:75",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            'affected by <img src="https://example.org/x.png" onerror="alert(1)">.',
        ),
    ),
]

FINE: list[Case] = [
    case(
        "date not ISO: 2025-3-1",
        "",
        Replace(V3, "published: 2025-03-01", "published: 2025-3-1"),
    ),
    case(
        "date with a time",
        "",
        Replace(V3, "published: 2025-03-01", "published: 2025-03-01T10:00:00"),
    ),
    case(
        "date field with a time zone",
        "",
        Replace(ENVIRONMENT, "next_review: 2026-01-01", "next_review: 2026-01-01T00:00:00Z"),
    ),
    case(
        "%TAG directive",
        "",
        Replace(V3, "version: v3", "%TAG ! tag:example.org,2000:\n---\nversion: v3"),
    ),
    case(
        "changes.yml: kinds is not a list",
        "",
        Replace(
            CHANGES,
            "{kinds: [added], new: [just-transition]}",
            "{kinds: added, new: [just-transition]}",
        ),
    ),
    case(
        "one alias without a list",
        "",
        Replace(GLOSSARY, "aliases: [Entities]", "aliases: Entities"),
    ),
    case(
        "script in a heading",
        "",
        Replace(
            ENVIRONMENT,
            "### 5.3 Just transition",
            "### 5.3 Just <script>alert(1)</script>transition",
        ),
    ),
    case(
        "script in standard.yml title",
        "",
        Replace(
            STANDARD,
            "title: Performance Standard",
            "title: Performance <script>alert(1)</script>Standard",
        ),
    ),
    case(
        "list-of-enum field: a scalar",
        "",
        Replace(GOVERNANCE, "evidence: [document, interview]", "evidence: document"),
    ),
    case(
        "heading levels skipped",
        "",
        Replace(ENVIRONMENT, "### 5.3 Just transition", "##### 5.3 Just transition"),
    ),
    case(
        "criterion at the top level",
        "",
        Replace(ENVIRONMENT, "### 5.3 Just transition", "# 5.3 Just transition"),
    ),
    case(
        "heading that is only a number",
        "",
        Replace(ENVIRONMENT, "### 5.3 Just transition", "### 5.3"),
    ),
    case(
        "version names that do not sort",
        "",
        Rename("standards/performance/v2", b"z-first"),
        Replace("standards/performance/z-first/version.yml", "version: v2", "version: z-first"),
        Replace(V3, "supersedes: v2", "supersedes: z-first"),
        Replace(CHANGES, "from: v2", "from: z-first"),
        Replace(EDITION_V2, "serves: v2", "serves: z-first"),
        Replace(
            GLOSSARY,
            "versions: [performance@v2, performance@v3]",
            "versions: [performance@z-first, performance@v3]",
        ),
    ),
    case(
        "CRLF line endings",
        "",
        EachText("crlf", b"\n", b"\r\n"),
    ),
    case(
        "CR line endings",
        "",
        EachText("cr", b"\n", b"\r"),
    ),
    case(
        "byte order marks",
        "",
        EachText("bom", b"", b"", prefix=b"\xef\xbb\xbf"),
    ),
    case(
        "quoted values",
        "",
        Replace(V3, "status: published", 'status: "published"'),
        Replace(GOVERNANCE, "id: legal-compliance", "id: 'legal-compliance'"),
    ),
    case(
        "comments and blank lines in YAML",
        "",
        Replace(V3, "status: published", "# the status\n\nstatus: published   # final"),
    ),
    case(
        "a term with letters of any script",
        "",
        Append(GLOSSARY, "\n## Énergie propre\n\n```term\n```\n\nÉnergie sans émissions.\n"),
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by decarbonisation and [=Énergie propre=].",
        ),
    ),
    case(
        "boolean field written yes",
        "",
        Replace(ENVIRONMENT, "public_disclosure: true", "public_disclosure: yes"),
    ),
    case(
        "a link inside the project",
        "",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by [decarbonisation](01-governance.md).",
        ),
    ),
    case(
        "an external link",
        "",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by [decarbonisation](https://example.org/d).",
        ),
    ),
    case(
        "a glossary folder linked from inside the project",
        "",
        Rename("glossary", b"shared-glossary"),
        Link("glossary", "shared-glossary"),
    ),
    case(
        "tabs in Markdown",
        "",
        Replace(ENVIRONMENT, "The Entity shall plan", "The Entity\tshall plan"),
    ),
    case(
        "criterion fence with another info string",
        "",
        Replace(
            ENVIRONMENT,
            "```criterion\nid: just-transition",
            "```criterion yaml\nid: just-transition",
        ),
    ),
    case(
        "heading padded with spaces",
        "",
        Replace(
            ENVIRONMENT, "### 5.3 Just transition", "### 5.3 Just" + " " * 100_000 + "transition"
        ),
    ),
    case(
        "a line of a megabyte",
        "",
        Replace(
            ENVIRONMENT,
            "affected by decarbonisation.",
            "affected by decarbonisation" + " and more" * 120_000 + ".",
        ),
    ),
]
