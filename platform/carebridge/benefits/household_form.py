"""The screening page's household form: fields from a household document and back, with a
"don't know" for every fact (an empty amount, an empty age, a "Don't know" choice).

Rows of people are numbered as drawn; a row whose relationship is left empty is nobody, so the
form always has spare rows and needs no script to add a person. Problems found in the household
(JSON Pointers into the members that were filled) come back as field names of their rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from carebridge.benefits.household import (
    EXPENSES,
    FLAGS,
    IMMIGRATION_STATUSES,
    INCOME_SOURCES,
    RELATIONSHIPS,
    schema,
)
from carebridge.errors import Problem
from carebridge.i18n import lazy_gettext as _l

SPARE_ROWS = 1
MAX_ROWS = 20
YES, NO, UNKNOWN = "yes", "no", "unknown"
SOME, NONE = "some", "none"
UNKNOWN_AMOUNT = "?"  # in an income box: this source's amount is not known

RELATIONSHIP_LABELS = {"self": _l("The client"), "spouse": _l("Spouse or partner"),
                       "child": _l("Child"), "parent": _l("Parent"), "other": _l("Other")}
FLAG_LABELS = {"pregnant": _l("Pregnant"), "disabled": _l("Has a disability"),
               "student": _l("Full-time student")}
STATUS_LABELS = {"citizen": _l("U.S. citizen"), "permanent_resident": _l("Permanent resident"),
                 "refugee_or_asylee": _l("Refugee or asylee"),
                 "other_lawful": _l("Other lawful status"),
                 "none_of_these": _l("None of these"),
                 "prefer_not_to_say": _l("Prefer not to say")}
SOURCE_LABELS = {"employment": _l("Wages"), "self_employment": _l("Self-employment"),
                 "social_security": _l("Social Security"), "ssi": _l("SSI"),
                 "unemployment": _l("Unemployment"), "child_support": _l("Child support"),
                 "other": _l("Other income")}
EXPENSE_LABELS = {"rent": _l("Rent or mortgage"), "utilities": _l("Utilities"),
                  "child_care": _l("Child care"), "medical": _l("Medical costs")}


def states() -> list[str]:
    return list(schema()["properties"]["state"]["enum"])


@dataclass
class Row:
    """One person's fields as strings (what the inputs hold)."""

    index: int
    relationship: str = ""
    age: str = ""
    birth_date: str = ""
    flags: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FLAGS, UNKNOWN))
    immigration_status: str = ""
    income: str = UNKNOWN
    amounts: dict[str, str] = field(default_factory=dict)
    label: str = ""  # a name from the intake, for the person reading the form

    def name(self, part: str) -> str:
        return f"m{self.index}_{part}"


@dataclass
class HouseholdForm:
    """What the form shows: place, people, expenses, and errors by field name."""

    state: str = "CA"
    county: str = ""
    zip: str = ""
    rows: list[Row] = field(default_factory=list)
    expenses: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # field name → note

    def error(self, problem: Problem, rows_used: list[int]) -> None:
        self.errors.setdefault(field_for(problem.pointer, rows_used), []).append(problem.message)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def from_household(data: dict, notes: dict[str, str] | None = None,
                   spare: int = SPARE_ROWS) -> HouseholdForm:
    """The form for a household document (the API's shape or the canonical one)."""
    notes = notes or {}
    form = HouseholdForm(state=data.get("state") or "CA", county=data.get("county") or "",
                         zip=data.get("zip") or "")
    members = sorted(data.get("members") or [{"relationship": "self"}],
                     key=lambda m: m.get("relationship") != "self")
    for i, member in enumerate(members):
        row = Row(i, member.get("relationship", ""), _text(member.get("age")),
                  member.get("birth_date") or "",
                  {flag: {True: YES, False: NO}.get(member.get(flag), UNKNOWN) for flag in FLAGS},
                  member.get("immigration_status") or "")
        income = member.get("income")
        if income is None:
            row.income = UNKNOWN
        elif not any(income.get(s, 0) is None or income.get(s) for s in INCOME_SOURCES):
            row.income = NONE
        else:
            row.income = SOME
            row.amounts = {s: UNKNOWN_AMOUNT if income.get(s, 0) is None else _text(income[s])
                           for s in INCOME_SOURCES if income.get(s, 0) is None or income.get(s)}
        original = data["members"].index(member) if member in data.get("members", []) else i
        row.label = notes.get(f"/members/{original}", "")
        note = notes.get(f"/members/{original}/income")
        if note:
            form.notes[row.name("income")] = note
        form.rows.append(row)
    for extra in range(len(form.rows), min(len(form.rows) + spare, MAX_ROWS)):
        form.rows.append(Row(extra))
    expenses = data.get("expenses") or {}
    form.expenses = {name: _text(expenses.get(name)) for name in EXPENSES}
    return form


def from_request(values: MultiDict) -> tuple[HouseholdForm, dict, list[int], list[Problem]]:
    """Read the posted form: the form to show again, the household document, which row each
    member came from, and the problems found in the fields themselves (numbers, dates)."""
    problems: list[Problem] = []
    form = HouseholdForm(state=values.get("state", "").strip().upper(),
                         county=values.get("county", "").strip(),
                         zip=values.get("zip", "").strip())
    try:
        count = min(int(values.get("rows", "1")), MAX_ROWS)
    except ValueError:
        count = 1
    members: list[dict] = []
    rows_used: list[int] = []
    for i in range(max(count, 1)):
        row = Row(i, "self" if i == 0 else values.get(f"m{i}_relationship", ""),
                  values.get(f"m{i}_age", "").strip(), values.get(f"m{i}_birth_date", "").strip(),
                  {flag: values.get(f"m{i}_{flag}", UNKNOWN) for flag in FLAGS},
                  values.get(f"m{i}_immigration_status", ""), values.get(f"m{i}_income", UNKNOWN),
                  {s: values.get(f"m{i}_income_{s}", "").strip() for s in INCOME_SOURCES},
                  values.get(f"m{i}_label", "").strip()[:200])
        form.rows.append(row)
        if row.relationship not in RELATIONSHIPS:
            continue
        where = f"/members/{len(members)}"
        member: dict = {"relationship": row.relationship}
        if row.age:
            member["age"] = _number(row.age, f"{where}/age", problems, whole=True)
        if row.birth_date:
            member["birth_date"] = row.birth_date
        for flag in FLAGS:
            member[flag] = {YES: True, NO: False}.get(row.flags[flag])
        member["immigration_status"] = (row.immigration_status
                                        if row.immigration_status in IMMIGRATION_STATUSES
                                        else None)
        if row.income == NONE:
            member["income"] = {}
        elif row.income == SOME:
            # An empty box is none of that income; "?" is an amount nobody knows yet.
            member["income"] = {s: None if v == UNKNOWN_AMOUNT
                                else _number(v, f"{where}/income/{s}", problems)
                                for s, v in row.amounts.items() if v}
        else:
            member["income"] = None
        members.append(member)
        rows_used.append(i)
    form.expenses = {name: values.get(f"expense_{name}", "").strip() for name in EXPENSES}
    expenses = {name: (_number(v, f"/expenses/{name}", problems) if v else None)
                for name, v in form.expenses.items()}
    household = {"state": form.state, "county": form.county or None, "zip": form.zip or None,
                 "members": members, "expenses": expenses}
    return form, household, rows_used, problems


def _number(text: str, pointer: str, problems: list[Problem], whole: bool = False):
    try:
        value = float(text.replace(",", "").replace("$", ""))
    except ValueError:
        problems.append(Problem(pointer, str(_l("Enter a number, or leave it empty if you "
                                                "don't know."))))
        return None
    if whole:
        if not value.is_integer():
            problems.append(Problem(pointer, str(_l("Enter whole years."))))
            return None
        return int(value)
    return value


def field_for(pointer: str, rows_used: list[int]) -> str:
    """The form field a household JSON Pointer names (``/members/1/age`` → ``m2_age`` when the
    second member was drawn on the third row)."""
    parts = pointer.strip("/").split("/")
    if parts[0] == "members" and len(parts) >= 2 and parts[1].isdigit():
        index = int(parts[1])
        row = rows_used[index] if index < len(rows_used) else index
        rest = parts[2:]
        if not rest:
            return f"m{row}_relationship"
        if rest[0] == "income" and len(rest) > 1:
            return f"m{row}_income_{rest[1]}"
        return f"m{row}_{rest[0]}"
    if parts[0] == "expenses" and len(parts) > 1:
        return f"expense_{parts[1]}"
    return parts[0] or "household"
