"""`responses.yml`: the secretariat's answers, attached to the comments they answer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from normkit.assemble.standard_files import read_yaml_file
from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.metadata.declarations import RESPONSES_YML
from normkit.metadata.validate import Checked
from normkit.model.consultation import Comment, Decision, Response
from normkit.model.location import Location


def read_responses(
    root: Path, path: Path, comments: list[Comment]
) -> tuple[list[Comment], list[Diagnostic]]:
    """The comments, each with the response that names it (by any of its keys)."""
    meta = read_yaml_file(root, path, "consultation")
    diagnostics = list(meta.diagnostics)
    if meta.mapping is None:
        return comments, diagnostics
    checked, problems = meta.checked(RESPONSES_YML)
    diagnostics.extend(problems)
    by_key = {key: position for position, c in enumerate(comments) for key in c.keys}
    answered: dict[int, Location] = {}
    result = list(comments)
    for entry_index, entry in enumerate(checked.records("responses")):
        if not entry.valid or not entry.has("comments"):
            continue  # reported at the value
        response = Response(
            decision=Decision(entry.text("decision")),
            text=_tidy(entry.text("response")),
            addressed_in=entry.texts("addressed_in"),
            addressed_locations=tuple(
                _item_at(entry, "addressed_in", i) for i in range(len(entry.texts("addressed_in")))
            ),
            location=checked.at("responses", entry_index),
        )
        keys = entry.texts("comments")
        for position, key in enumerate(keys):
            where = _item_at(entry, "comments", position)
            found = by_key.get(_normal(key))
            if found is None:
                diagnostics.append(
                    diagnostic(
                        Code.CONSULTATION_RESPONSE_UNKNOWN,
                        where,
                        f"no comment '{key}' in this register",
                        did_you_mean(_normal(key), by_key)
                        or "name a comment as <file>:<row>, the file as it is in this folder",
                    )
                )
                continue
            if found in answered:
                earlier = answered[found]
                diagnostics.append(
                    diagnostic(
                        Code.CONSULTATION_RESPONSE_TWICE,
                        where,
                        f"comment '{key}' ({comments[found].label}) is already answered at "
                        f"line {earlier.line}",
                        "give each comment one response; a response may answer several",
                    )
                )
                continue
            answered[found] = where
            result[found] = replace(result[found], response=response)
    return result, diagnostics


def _item_at(entry: Checked, name: str, index: int) -> Location:
    """Where the `index`th item of a list value is (a single value stands for a list)."""
    return entry.at(name, index) if isinstance(entry.raw(name), list) else entry.at(name)


def _normal(key: str) -> str:
    """`acme.xlsx : 14` → `acme.xlsx:14`."""
    name, _, row = key.rpartition(":")
    return f"{name.strip()}:{row.strip()}" if name else key.strip()


def _tidy(text: str) -> str:
    """Line breaks kept as the YAML gives them (`>` folds lines, `|` keeps them), trailing
    white space of each line dropped."""
    return "\n".join(line.rstrip() for line in text.replace("\r", "").split("\n")).strip()
