"""A screening's first household, taken from what the agency already knows: the client's latest
intake (the adult intake asks who lives with them and their income) and the client's record.

Nothing is guessed: a fact the intake did not ask is left as "don't know", and where the intake
is less precise than a screening (one total income for another person, with no source) the
page says so beside the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.forms.models import FormDefinition, FormVersion, Submission
from carebridge.i18n import _

#: The adult intake's income sources, as the screening's.
INCOME_SOURCES = {
    "wages": "employment", "self_employment": "self_employment",
    "unemployment": "unemployment", "social_security": "social_security",
    "ssdi": "social_security", "ssi": "ssi", "child_support": "child_support",
}
#: The adult intake's relationships, as the screening's (self, spouse, child, parent, other).
RELATIONSHIPS = {
    "spouse_partner": "spouse", "child": "child", "stepchild": "child",
    "foster_child": "child", "grandchild": "child", "parent": "parent",
    "grandparent": "parent",
}


@dataclass
class Prefill:
    """A household document to start the form from, where it came from, and notes for people."""

    household: dict
    submission_id: str | None = None
    notes: dict[str, str] = field(default_factory=dict)  # JSON Pointer → note


def latest_intake(session: Session, client_id: str) -> Submission | None:
    """The client's most recent submission of an intake form."""
    return session.scalar(
        select(Submission)
        .join(FormVersion, Submission.form_version_id == FormVersion.id)
        .join(FormDefinition, FormVersion.definition_id == FormDefinition.id)
        .where(Submission.client_id == client_id, FormDefinition.kind == "intake")
        .order_by(Submission.created_at.desc()).limit(1)
    )


def household_for(session: Session, client) -> Prefill:
    """The household to start a new screening of ``client`` from."""
    submission = latest_intake(session, client.id)
    answers = submission.data if submission is not None else {}
    notes: dict[str, str] = {}
    address = answers.get("address") or {}
    state = address.get("state") or client.state or "CA"
    zip_code = (address.get("zip") or client.postal_code or "")[:5] or None
    me = {"relationship": "self", "income": _own_income(answers, notes)}
    born = answers.get("date_of_birth") or (client.birth_date.isoformat()
                                            if client.birth_date else None)
    if born:
        me["birth_date"] = born
    members = [me]
    for i, other in enumerate(answers.get("household_members") or [], start=1):
        person = {"relationship": RELATIONSHIPS.get(other.get("relationship"), "other"),
                  "income": None}
        if other.get("date_of_birth"):
            person["birth_date"] = other["date_of_birth"]
        elif other.get("age") is not None:
            person["age"] = other["age"]
        amount = other.get("monthly_income")
        if amount == 0:
            person["income"] = {}
        elif amount is not None:
            person["income"] = {"other": amount}
            notes[f"/members/{i}/income"] = _(
                "The intake recorded $%(amount)s a month from all sources: say which sources.",
                amount=f"{amount:,.2f}")
        if other.get("name"):
            notes[f"/members/{i}"] = other["name"]
        members.append(person)
    return Prefill({"state": state, "county": county_of(zip_code), "zip": zip_code,
                    "members": members}, submission.id if submission is not None else None,
                   notes)


def _own_income(answers: dict, notes: dict) -> dict | None:
    has_income = answers.get("has_income")
    if has_income is False:
        return {}
    if has_income is not True:
        return None  # not asked or not answered: don't know
    income: dict[str, float] = {}
    for line in answers.get("income_sources") or []:
        source = INCOME_SOURCES.get(line.get("source"), "other")
        income[source] = round(income.get(source, 0) + float(line.get("amount") or 0), 2)
    return income


def county_of(zip_code: str | None) -> str | None:
    """The county a ZIP code is in ("San Mateo"), from the ZIP table the directory uses."""
    if not zip_code:
        return None
    import zipcodes

    try:
        found = zipcodes.matching(zip_code)
    except (TypeError, ValueError):
        return None
    county = found[0].get("county") if found else None
    if not county:
        return None
    from carebridge.benefits.household import county_name

    return county_name(county)
