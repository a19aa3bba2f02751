"""The authors' page of diagnostic codes, generated from the `Code` enum."""

from __future__ import annotations

from normkit.diagnostics import Code

HEADER = """# Diagnostic codes

<!-- Generated from normkit.diagnostics.Code by `normkit codes > docs/diagnostics.md`;
     do not edit by hand. -->

`normkit check` and `normkit build` report every problem in the sources as

```
path:line:col: error|warning: message [code]
    hint: what to do about it
```

and, with `--format json`, as a JSON list of objects with `path`, `line`, `column`,
`severity`, `code`, `message` and `hint`. Errors stop a build (no output is written);
warnings do not, unless `--strict` is given.

| code | severity | meaning |
|---|---|---|
"""


def codes_markdown() -> str:
    rows = [f"| `{code.code}` | {code.severity} | {code.summary} |" for code in Code]
    return HEADER + "\n".join(rows) + "\n"
