"""The report's words for the model's values (decisions, comment types, the round's state),
as labels: a translated site's report shows them in its language; the JSON keeps the values."""

from __future__ import annotations

from normkit.model.consultation import CommentType, Decision, RoundState
from normkit.translations.labels import N_, _

UNANSWERED = "no response yet"
"""How the statistics name comments without a response."""

_DECISIONS = {
    Decision.ACCEPTED.value: N_("Accepted"),
    Decision.PARTLY_ACCEPTED.value: N_("Partly accepted"),
    Decision.NOT_ACCEPTED.value: N_("Not accepted"),
    Decision.NOTED.value: N_("Noted"),
    UNANSWERED: N_("No response yet"),
}
_TYPES = {
    CommentType.GENERAL.value: N_("General"),
    CommentType.TECHNICAL.value: N_("Technical"),
    CommentType.EDITORIAL.value: N_("Editorial"),
}
_STATES = {RoundState.OPEN.value: N_("open"), RoundState.CLOSED.value: N_("closed")}


def decision_label(key: str) -> str:
    """`partly accepted` → "Partly accepted", in the language being written."""
    return _(_DECISIONS.get(key, key.capitalize()))


def type_label(value: str) -> str:
    return _(_TYPES.get(value, value.capitalize()))


def state_label(value: str) -> str:
    return _(_STATES.get(value, value))
