"""A mini-project whose every text-bearing source field carries script, event handlers and
`javascript:` URLs, and readers that look for any of it surviving into an output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import html5lib
import yaml

from tests.spine.miniprojects import materialise

MARK = "NKX"
"""Starts every payload, so tests can tell the author's text from the page's own."""
PAYLOAD = (
    f'{MARK}<script>alert("s")</script><img src=x onerror=alert("i")>'
    '</title><svg onload=alert("v")>"\'><a href="javascript:alert(\'j\')">j</a>'
)
"""One string with every trick: a script element, event handlers, leaving an attribute and
the `<title>` element, and a `javascript:` link."""
BODY_INLINE = (
    'Body <script>alert("GONE-SCRIPT")</script> '
    '<img src="https://example.org/x.png" onerror="alert(\'GONE-ONERROR\')"> '
    "<a href=\"javascript:alert('GONE-JS')\">js</a> "
    "<span onmouseover=\"alert('GONE-HOVER')\">hover</span> "
    '[md](javascript:alert("md")) [entity](&#106;avascript:alert("ent")) '
    '<javascript:alert("auto")> [case](JaVaScRiPt:alert("case")) [vb](vbscript:msgbox("vb")) '
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
    '[title](https://example.org/ "x\\" onmouseover=\\"alert(1)") '
    "[ref-style][evil]\n\n"
    '[evil]: javascript:alert("refdef")\n'
)
"""Script, handlers and bad URLs as inline HTML and as Markdown link targets."""
BODY_BLOCK = (
    '<div onclick="alert(\'GONE-DIV\')"><svg><script>alert("GONE-SVG")</script></svg>'
    "<iframe src=\"javascript:alert('GONE-IFRAME')\"></iframe>Boxed.</div>\n\n"
    "<style>body { display: none }</style>\n\n"
    "<object data=\"javascript:alert('GONE-OBJECT')\"></object>\n"
)
"""The same as HTML blocks."""
GONE = ("GONE-SCRIPT", "GONE-ONERROR", "GONE-JS", "GONE-HOVER", "GONE-DIV", "GONE-SVG")
GONE += ("GONE-IFRAME", "GONE-OBJECT")
"""Markers that live only inside script, handlers or removed URLs: no output may have them."""
BODY = f"{BODY_INLINE}\n{BODY_BLOCK}"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def _yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _standard(data: dict[str, Any]) -> None:
    for key in ("title", "description", "owner", "licence"):
        data[key] = f"{data[key]} {PAYLOAD}"
    for code in data["applicability"]:
        code["label"] = f"{code['label']} {PAYLOAD}"
        code["description"] = PAYLOAD
    for spec in data["fields"].values():
        spec["label"] = f"{spec['label']} {PAYLOAD}"
        spec["description"] = PAYLOAD
    data["fields"]["criticality"]["choices"].append(PAYLOAD)


def _titled(data: dict[str, Any]) -> None:
    data["title"] = f"{data['title']} {PAYLOAD}"
    data["summary"] = f"{data.get('summary', '')} {PAYLOAD}"


def _replace(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, f"{old!r} not in {path}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def hostile_metadata_project(target: Path) -> Path:
    """The base project with the payload in every metadata field and every heading."""
    root = materialise(None, target)
    _yaml(root / "standards/demo/standard.yml", _standard)
    for version in ("v1", "v2"):
        _yaml(root / f"standards/demo/{version}/version.yml", _titled)
    for edition in ("v1-2020", "v2-2023"):
        _yaml(root / f"guidance/demo/{edition}/edition.yml", _titled)
    for version in ("v1", "v2"):
        _replace(
            root / f"standards/demo/{version}/01-governance.md",
            ("# Governance", f"# Governance {PAYLOAD}"),
            ("## 1 Integrity", f"## 1 Integrity {PAYLOAD}"),
            ("1.1 Legal compliance", f"1.1 Legal compliance {PAYLOAD}"),
        )
    _replace(
        root / "standards/demo/v2/01-governance.md",
        ("criticality: critical\n", f"criticality: {json.dumps(PAYLOAD)}\n"),
        ("note: Reviewed yearly.", f"note: {json.dumps(PAYLOAD)}"),
    )
    _replace(
        root / "guidance/demo/v2-2023/01-guidance.md",
        ("### Intent\n\nLaw", f"### Intent {PAYLOAD}\n\nLaw"),
    )
    _replace(
        root / "glossary/terms.md",
        ("aliases: [Entities]", f"aliases: [Entities, {json.dumps(PAYLOAD)}]"),
        ("source: Test body", f"source: {json.dumps(PAYLOAD)}"),
    )
    return root


def hostile_project(target: Path) -> Path:
    """The metadata project, with script, handlers and bad URLs in every Markdown text too:
    section introductions, criterion bodies and parts, guidance and glossary definitions."""
    root = hostile_metadata_project(target)
    for version in ("v1", "v2"):
        _replace(
            root / f"standards/demo/{version}/01-governance.md",
            ("The governance pillar.", f"The governance pillar.\n\n{BODY}"),
            ("How an Entity keeps its integrity.", f"How an Entity keeps its integrity. {BODY}"),
            ("1. laws on Bribery;", f"1. laws on Bribery; {BODY_INLINE.splitlines()[0]}"),
        )
    _replace(
        root / "guidance/demo/v2-2023/01-guidance.md",
        ("Law comes first for every Entity.", f"Law comes first for every Entity.\n\n{BODY}"),
    )
    _replace(
        root / "glossary/terms.md",
        (
            "Offering or accepting an undue advantage.",
            f"Offering or accepting an undue advantage.\n\n{BODY}",
        ),
    )
    return root


def injected(document: str) -> list[str]:
    """What of the payload became markup in an HTML document, read as a browser would."""
    tree = html5lib.parse(document, namespaceHTMLElements=False)
    found: list[str] = []
    for element in tree.iter():
        tag = str(element.tag)
        data = element.get("type") == "application/json"  # read with JSON.parse, never run
        if tag == "script" and not data and "alert(" in "".join(element.itertext()):
            found.append(f"<script> with {''.join(element.itertext())[:60]!r}")
        for name, value in element.attrib.items():
            if str(name).lower().startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if str(name).lower() in URL_ATTRIBUTES and value.strip().lower().startswith(
                BAD_SCHEMES
            ):
                found.append(f"<{tag} {name}={value!r}>")
    return found
