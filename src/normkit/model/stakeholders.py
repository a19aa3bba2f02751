"""A consultation's stakeholder groups and the default ones: every project's corpus holds
them (`Corpus.stakeholder_groups`), so they live apart from the rounds' model
(`model/consultation.py`) and the comment form (`metadata/comment_form.py`), which a project
without a consultation round does not import."""

from __future__ import annotations

from normkit.model.records import record


@record(kw_only=True)
class StakeholderGroup:
    """One stakeholder group of the consultation (industry, civil society …)."""

    code: str
    """Short code, as it may be written in a form and as the JSON gives it."""
    label: str
    """What commenters choose from the form's drop-down and readers see."""
    description: str = ""
    """Who belongs to it."""


DEFAULT_GROUPS: tuple[StakeholderGroup, ...] = (
    StakeholderGroup(
        code="industry", label="Industry", description="Companies in the value chain."
    ),
    StakeholderGroup(
        code="civil-society",
        label="Civil society",
        description="Non-governmental organisations and campaigns.",
    ),
    StakeholderGroup(
        code="labour", label="Labour", description="Trade unions and workers' organisations."
    ),
    StakeholderGroup(
        code="communities",
        label="Communities",
        description="Affected communities and Indigenous peoples' organisations.",
    ),
    StakeholderGroup(
        code="government", label="Government", description="Public authorities and regulators."
    ),
    StakeholderGroup(
        code="assurance",
        label="Assurance",
        description="Certification bodies, auditors and accreditation bodies.",
    ),
    StakeholderGroup(
        code="academia", label="Academia", description="Universities and research institutes."
    ),
    StakeholderGroup(code="other", label="Other", description="Anyone else."),
)
"""The groups used when `consultations/consultation.yml` declares none."""
