"""A Carebridge household as PolicyEngine situations: one per way the unknown answers could go.

PolicyEngine needs every input, and guessing one would hide it. Each answer the household left
unknown that can be bracketed (a yes/no, an immigration status, an expense) becomes a choice
between its extremes; the scenarios are all the combinations (or, when there are too many,
each unknown flipped alone and all flipped together), and they all go into ONE simulation as
separate households, which costs little more than one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from carebridge_benefits_policyengine.programs import (
    EXPENSE_BRACKETS,
    IMMIGRATION,
    INCOME_VARIABLES,
    PERSON_TAKE_UP,
    TAKE_UP,
)

MAX_FULL_SCENARIOS = 16


@dataclass(frozen=True)
class Unknown:
    """One unknown answer: the household field and the values tried for it."""

    pointer: str
    values: tuple


def unknowns(household) -> list[Unknown]:
    """The bracketable answers the household left unknown, in household order."""
    found = []
    for i, member in enumerate(household.members):
        for flag in ("pregnant", "disabled", "student"):
            if getattr(member, flag) is None:
                found.append(Unknown(f"/members/{i}/{flag}", (False, True)))
        statuses = IMMIGRATION[member.immigration_status]
        if len(statuses) > 1:
            found.append(Unknown(f"/members/{i}/immigration_status", statuses))
    for name, bracket in EXPENSE_BRACKETS.items():
        if household.expense(name) is None:
            found.append(Unknown(f"/expenses/{name}", bracket))
    return found


def essential_unknowns(household) -> list[str]:
    """Answers no bracket can stand in for: ages and incomes."""
    missing = []
    for i, member in enumerate(household.members):
        if member.age is None:
            missing.append(f"/members/{i}/age")
        if member.income is None:
            missing.append(f"/members/{i}/income")
        else:
            missing += [f"/members/{i}/income/{s}" for s, v in member.income.items() if v is None]
    return missing


def scenarios(found: list[Unknown]) -> list[dict[str, object]]:
    """Assignments of a value to each unknown (the first is the all-first-values baseline)."""
    if not found:
        return [{}]
    if len(list(itertools.product(*(u.values for u in found)))) <= MAX_FULL_SCENARIOS:
        return [dict(zip((u.pointer for u in found), combo, strict=True))
                for combo in itertools.product(*(u.values for u in found))]
    baseline = {u.pointer: u.values[0] for u in found}
    chosen = [baseline]
    for u in found:
        chosen += [{**baseline, u.pointer: value} for value in u.values[1:]]
    chosen.append({u.pointer: u.values[-1] for u in found})
    return chosen


def situation(household, year: int, assignments: list[dict[str, object]]) -> dict:
    """One PolicyEngine situation holding a household per scenario (ids ``s{n}…``)."""
    people, tax_units, marital_units, spm_units, families, households = {}, {}, {}, {}, {}, {}
    period = str(year)
    for n, chosen in enumerate(assignments):
        ids = [f"s{n}p{i}" for i in range(len(household.members))]
        for i, member in enumerate(household.members):
            people[ids[i]] = _person(member, i, chosen, period)
        head_unit = [ids[i] for i, m in enumerate(household.members)
                     if m.relationship in ("self", "spouse") or _dependent(m)]
        tax_units[f"s{n}t0"] = {"members": head_unit,
                                **{v: {period: True} for v in ("takes_up_eitc",)}}
        couple = [ids[i] for i, m in enumerate(household.members)
                  if m.relationship in ("self", "spouse")]
        marital_units[f"s{n}m0"] = {"members": couple}
        for i in range(len(household.members)):
            if ids[i] not in head_unit:  # another adult files their own return
                tax_units[f"s{n}t{i}"] = {"members": [ids[i]]}
            if ids[i] not in couple:
                marital_units[f"s{n}m{i}"] = {"members": [ids[i]]}
        expenses = {name: chosen.get(f"/expenses/{name}", household.expense(name)) or 0
                    for name in EXPENSE_BRACKETS}
        spm_units[f"s{n}"] = {
            "members": ids,
            "utility_expense": {period: expenses["utilities"] * 12},
            "spm_unit_pre_subsidy_childcare_expenses": {period: expenses["child_care"] * 12},
            "spm_unit_medical_out_of_pocket_expenses": {period: expenses["medical"] * 12},
            **{v: {period: True} for v in TAKE_UP if v != "takes_up_eitc"},
        }
        people[ids[_client(household)]]["pre_subsidy_rent"] = {period: expenses["rent"] * 12}
        families[f"s{n}"] = {"members": ids}
        households[f"s{n}"] = {"members": ids, "state_name": {period: household.state}}
    return {"people": people, "tax_units": tax_units, "marital_units": marital_units,
            "spm_units": spm_units, "families": families, "households": households}


def _client(household) -> int:
    return next(i for i, m in enumerate(household.members) if m.relationship == "self")


def _dependent(member) -> bool:
    # A child of the household, or a young full-time student, goes on the client's return.
    return member.relationship == "child" and (
        member.age < 19 or (member.age < 24 and member.student is not False))


def _person(member, index: int, chosen: dict, period: str) -> dict:
    where = f"/members/{index}"
    flag = {name: chosen.get(f"{where}/{name}", getattr(member, name))
            for name in ("pregnant", "disabled", "student")}
    status = chosen.get(f"{where}/immigration_status",
                        IMMIGRATION[member.immigration_status][0])
    person = {
        "age": {period: member.age},
        "is_pregnant": {period: bool(flag["pregnant"])},
        "is_disabled": {period: bool(flag["disabled"])},
        "is_full_time_student": {period: bool(flag["student"])},
        "immigration_status": {period: status},
        **{v: {period: True} for v in PERSON_TAKE_UP},
    }
    if member.relationship == "self":
        person["is_tax_unit_head"] = {period: True}
    elif member.relationship == "spouse":
        person["is_tax_unit_spouse"] = {period: True}
    for source, variable in INCOME_VARIABLES.items():
        person[variable] = {period: round((member.income or {}).get(source, 0) * 12, 2)}
    return person
