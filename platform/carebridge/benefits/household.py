"""The household a screening is about: checked at the edge, every fact allowed to be unknown.

Unknown is ``None`` throughout. The API body follows ``household.schema.json``; ``parse``
checks it (with the same judge as every form) and the rules a schema cannot say, and returns a
``Household`` whose ``to_dict`` is canonical: the same facts give the same document, so it can
key a cache and travel to a worker as a job argument.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carebridge.benefits import reasons
from carebridge.benefits.reasons import Reason
from carebridge.errors import InvalidInput, Problem
from carebridge.forms.validation import make_validator, problems
from carebridge.i18n import N_, _

SCHEMA_PATH = Path(__file__).with_name("household.schema.json")
INCOME_SOURCES = ("employment", "self_employment", "social_security", "ssi", "unemployment",
                  "child_support", "other")
EARNED_SOURCES = ("employment", "self_employment")
EXPENSES = ("rent", "utilities", "child_care", "medical")
RELATIONSHIPS = ("self", "spouse", "child", "parent", "other")
IMMIGRATION_STATUSES = ("citizen", "permanent_resident", "refugee_or_asylee", "other_lawful",
                        "none_of_these", "prefer_not_to_say")
FLAGS = ("pregnant", "disabled", "student")


@functools.cache
def schema() -> dict:
    """The JSON Schema of a household (the API body's ``household``)."""
    return json.loads(SCHEMA_PATH.read_text())


@dataclass(frozen=True)
class Member:
    """One person: ``None`` wherever the answer is "don't know"."""

    relationship: str
    age: int | None = None
    pregnant: bool | None = None
    disabled: bool | None = None
    student: bool | None = None
    immigration_status: str | None = None
    # Amounts a month by source; None: income unknown; a source None: that source unknown.
    income: dict[str, float | None] | None = None

    @property
    def monthly_income(self) -> float | None:
        return _total(self.income, INCOME_SOURCES)

    @property
    def monthly_earned_income(self) -> float | None:
        return _total(self.income, EARNED_SOURCES)

    def to_dict(self) -> dict:
        return {
            "relationship": self.relationship, "age": self.age, "pregnant": self.pregnant,
            "disabled": self.disabled, "student": self.student,
            "immigration_status": self.immigration_status,
            "income": None if self.income is None else dict(self.income),
        }


def _total(income: dict | None, sources: tuple[str, ...]) -> float | None:
    if income is None or any(income.get(s, 0) is None for s in sources):
        return None
    return round(sum(income.get(s, 0) for s in sources), 2)


@dataclass(frozen=True)
class Household:
    """The people, where they live and what they spend; built by ``parse`` or ``from_dict``."""

    state: str
    members: tuple[Member, ...]
    county: str | None = None
    zip: str | None = None
    # Each of EXPENSES, in dollars a month; None where unknown.
    expenses: dict[str, float | None] | None = None

    def expense(self, name: str) -> float | None:
        return (self.expenses or {}).get(name)

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict:
        """The canonical document: every key present, unknowns as null."""
        return {
            "state": self.state, "county": self.county, "zip": self.zip,
            "members": [m.to_dict() for m in self.members],
            "expenses": {name: self.expense(name) for name in EXPENSES},
        }

    @classmethod
    def from_dict(cls, data: dict) -> Household:
        """Rebuild from ``to_dict`` output (trusted: it was checked when it came in)."""
        members = tuple(Member(**{**m, "income": _income(m.get("income"))})
                        for m in data["members"])
        return cls(state=data["state"], county=data.get("county"), zip=data.get("zip"),
                   members=members, expenses={n: (data.get("expenses") or {}).get(n)
                                              for n in EXPENSES})


def _income(raw: dict | None) -> dict | None:
    if raw is None:
        return None
    return {source: _amount(raw.get(source, 0)) for source in INCOME_SOURCES}


def _amount(value) -> float | None:
    return None if value is None else round(float(value), 2)


def parse(data: object, as_of: date) -> Household:
    """Check an API household and build it; ages come from birth dates as of ``as_of``."""
    found = problems(make_validator(schema()), data)
    if found:
        raise InvalidInput(_("The household needs attention."), found)
    extra: list[Problem] = []
    members = tuple(_member(raw, i, as_of, extra) for i, raw in enumerate(data["members"]))
    if sum(m.relationship == "spouse" for m in members) > 1:
        extra.append(Problem("/members", _("A household can list only one spouse.")))
    if extra:
        raise InvalidInput(_("The household needs attention."), extra)
    expenses = data.get("expenses") or {}
    return Household(
        state=data["state"],
        county=county_name(data.get("county")),
        zip=data.get("zip"),
        members=members,
        expenses={name: _amount(expenses.get(name)) for name in EXPENSES},
    )


def county_name(text: str | None) -> str | None:
    """One spelling per county: "  san mateo county " → "San Mateo" (rules compare names)."""
    if not text or not text.strip():
        return None
    words = text.split()
    if len(words) > 1 and words[-1].lower() in ("county", "parish", "borough"):
        words = words[:-1]
    return " ".join(w[:1].upper() + w[1:].lower() if w.isalpha() and (w.islower() or w.isupper())
                    else w for w in words)


def _member(raw: dict, index: int, as_of: date, extra: list[Problem]) -> Member:
    where = f"/members/{index}"
    age = raw.get("age")
    if raw.get("birth_date"):
        born = date.fromisoformat(raw["birth_date"])
        if born > as_of:
            extra.append(Problem(f"{where}/birth_date",
                                 _("The date of birth is in the future.")))
        years = as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))
        if years > 120:
            extra.append(Problem(f"{where}/birth_date",
                                 _("The date of birth is over 120 years ago.")))
        if age is not None and age != years:
            extra.append(Problem(f"{where}/age",
                                 _("The age (%(age)s) does not match the date of birth "
                                   "(%(years)s).", age=age, years=years)))
        age = max(years, 0)
    status = raw.get("immigration_status")
    return Member(
        relationship=raw["relationship"],
        age=age,
        pregnant=raw.get("pregnant"),
        disabled=raw.get("disabled"),
        student=raw.get("student"),
        immigration_status=status,
        income=_income(raw.get("income")),
    )


# Each word is a message (marked with N_) kept in a ``Reason`` and said in the reader's
# language when shown: a screening run in English reads in Spanish. In Spanish the nouns carry
# their article ("los ingresos"), so the phrases that hold them have none of their own.
_NOUNS = {"county": N_("the county"), "zip": N_("the ZIP code"), "state": N_("the state"),
          "rent": N_("rent"), "utilities": N_("utilities"), "child_care": N_("child care costs"),
          "medical": N_("medical costs")}
_MEMBER_NOUNS = {"age": N_("age"), "birth_date": N_("date of birth"), "income": N_("income"),
                 "immigration_status": N_("citizenship or immigration status"),
                 "employment": N_("wages"), "self_employment": N_("self-employment income"),
                 "social_security": N_("Social Security benefits"), "ssi": N_("SSI benefits"),
                 "unemployment": N_("unemployment benefits"),
                 "child_support": N_("child support"), "other": N_("other income")}
_FLAGS = {"pregnant": N_("whether %(person)s is pregnant"),
          "disabled": N_("whether %(person)s has a disability"),
          "student": N_("whether %(person)s is a full-time student")}
#: A person's relationship to the client, as it reads inside "person 2 (child)".
RELATIONSHIP_WORDS = {"spouse": N_("spouse"), "child": N_("child"), "parent": N_("parent"),
                      "other": N_("other")}


def field_phrase(household: Household, pointer: str) -> Reason:
    """A household field in words, kept to be said in the reader's language (``Reason``):
    ``/members/1/income`` → "the income of person 2 (child)", ``/members/0/pregnant`` →
    "whether the client is pregnant", ``/members/2`` → "person 3 (parent)"."""
    parts = pointer.strip("/").split("/")
    if parts[0] != "members" or len(parts) < 2:
        return _noun(_NOUNS, parts[-1])
    index = int(parts[1])
    member = household.members[index]
    client = member.relationship == "self"
    who = person(index, member.relationship)
    if len(parts) == 2:
        return who
    if parts[-1] in _FLAGS:
        return Reason(_FLAGS[parts[-1]], {"person": who})
    noun = _noun(_MEMBER_NOUNS, parts[-1])
    if client:
        return Reason(N_("the client's %(noun)s"), {"noun": noun})
    return Reason(N_("the %(noun)s of %(person)s"), {"noun": noun, "person": who})


def person(index: int, relationship: str) -> Reason:
    """Member ``index`` (0-based) in words: "the client", or "person 2 (child)"."""
    if relationship == "self":
        return Reason(N_("the client"))
    word = RELATIONSHIP_WORDS.get(relationship)
    return Reason(N_("person %(number)s (%(relationship)s)"),
                  {"number": index + 1,
                   "relationship": Reason.message(word) if word else relationship})


def _noun(nouns: dict, key: str) -> Reason:
    # A key the schema does not have (a newer engine's pointer) is named as it is written.
    if key in nouns:
        return Reason(nouns[key])
    return Reason("%(key)s", {"key": key.replace("_", " ")})


def describe(household: Household, pointer: str) -> str:
    """``field_phrase`` said now, in this request's language (a page, an API answer)."""
    return reasons.phrase(field_phrase(household, pointer))
