"""The facts document agency rules judge: household size, income against the poverty guideline,
ages, place and expenses, computed once per screening.

A fact that depends on something the household left unknown is absent from ``values`` and
listed in ``unknown`` with the household fields behind it (JSON Pointers), so a rule that needs
it comes back unknown and can say which answer would settle it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from carebridge.benefits.household import Household
from carebridge.benefits.poverty import PovertyGuidelines, region_of
from carebridge.i18n import N_


@dataclass(frozen=True)
class Fact:
    """A documented name a rule may use, its JSON type and how to say its value in words."""

    name: str
    type: str
    label: str  # marked with N_: translated where it is said (see wording)
    unit: str  # "people", "dollars", "percent", "years", "text", "list"
    description: str  # marked with N_: said in the reader's language on pages and the API


FACTS: tuple[Fact, ...] = (
    Fact("household_size", "integer", N_("the household"), "people",
         N_("Number of people in the household.")),
    Fact("state", "string", N_("the state"), "text", N_("Two-letter postal code, e.g. CA.")),
    Fact("state_group", "string", N_("the poverty guideline region"), "text",
         N_("contiguous_us (48 states and DC), alaska or hawaii.")),
    Fact("county", "string", N_("the county"), "text",
         N_("County name as entered, e.g. San Mateo.")),
    Fact("zip", "string", N_("the ZIP code"), "text", N_("Five-digit ZIP code.")),
    Fact("monthly_income", "number", N_("monthly income"), "dollars",
         N_("Everyone's income a month, all sources.")),
    Fact("monthly_earned_income", "number", N_("monthly earned income"), "dollars",
         N_("Wages and self-employment a month.")),
    Fact("monthly_unearned_income", "number", N_("monthly unearned income"), "dollars",
         N_("Benefits, child support and other income a month.")),
    Fact("annual_income", "number", N_("yearly income"), "dollars", N_("monthly_income × 12.")),
    Fact("poverty_guideline_year", "integer", N_("the poverty guideline year"), "years",
         N_("Year of the HHS poverty guidelines used.")),
    Fact("poverty_guideline", "integer", N_("the poverty guideline"), "dollars",
         N_("Annual HHS poverty guideline for this household size and region.")),
    Fact("income_percent_of_poverty", "number", N_("income"), "percent",
         N_("annual_income as a percentage of poverty_guideline (212.5 means 212.5%).")),
    Fact("ages", "array", N_("ages"), "list", N_("Everyone's age in years.")),
    Fact("youngest_age", "integer", N_("the youngest person"), "years", N_("Youngest age.")),
    Fact("oldest_age", "integer", N_("the oldest person"), "years", N_("Oldest age.")),
    Fact("children_under_5", "integer", N_("children under 5"), "people", N_("People aged 0–4.")),
    Fact("children_under_6", "integer", N_("children under 6"), "people", N_("People aged 0–5.")),
    Fact("children_under_18", "integer", N_("children under 18"), "people",
         N_("People aged 0–17.")),
    Fact("children_under_19", "integer", N_("children under 19"), "people",
         N_("People aged 0–18.")),
    Fact("adults", "integer", N_("adults"), "people", N_("People aged 18 or older.")),
    Fact("members_60_or_older", "integer", N_("people 60 or older"), "people",
         N_("People aged 60+.")),
    Fact("members_65_or_older", "integer", N_("people 65 or older"), "people",
         N_("People aged 65+.")),
    Fact("pregnant_members", "integer", N_("pregnant people"), "people",
         N_("People who are pregnant.")),
    Fact("disabled_members", "integer", N_("people with a disability"), "people",
         N_("People with a disability.")),
    Fact("students", "integer", N_("full-time students"), "people", N_("Full-time students.")),
    Fact("immigration_statuses", "array", N_("citizenship or immigration statuses"), "list",
         N_("Each person's category: citizen, permanent_resident, refugee_or_asylee, "
         "other_lawful, none_of_these (unknown if anyone's is unknown or not shared).")),
    Fact("noncitizen_members", "integer", N_("people who are not citizens"), "people",
         N_("People whose status is not citizen.")),
    Fact("monthly_rent", "number", N_("rent"), "dollars", N_("Rent or mortgage a month.")),
    Fact("monthly_utilities", "number", N_("utilities"), "dollars", N_("Utilities a month.")),
    Fact("monthly_housing_cost", "number", N_("housing costs"), "dollars",
         N_("monthly_rent + monthly_utilities.")),
    Fact("housing_cost_percent_of_income", "number", N_("housing costs"), "percent",
         N_("monthly_housing_cost as a percentage of monthly_income (1000 when there is no "
         "income but there are costs).")),
    Fact("monthly_child_care", "number", N_("child care costs"), "dollars",
         N_("Child care a month.")),
    Fact("monthly_medical_expenses", "number", N_("medical costs"), "dollars",
         N_("Out-of-pocket medical costs a month.")),
)
BY_NAME = {fact.name: fact for fact in FACTS}
AGE_FACTS = {"ages": None, "youngest_age": None, "oldest_age": None,
             "children_under_5": (0, 4), "children_under_6": (0, 5),
             "children_under_18": (0, 17), "children_under_19": (0, 18),
             "adults": (18, 200), "members_60_or_older": (60, 200),
             "members_65_or_older": (65, 200)}
HOUSING_COST_CAP = 1000.0


@dataclass(frozen=True)
class Facts:
    """Known values by fact name; unknown facts mapped to the household fields behind them."""

    values: dict
    unknown: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def poverty_year(self) -> int | None:
        return self.values.get("poverty_guideline_year")


def compute(household: Household, as_of: date, guidelines: PovertyGuidelines) -> Facts:
    """The facts document for ``household`` as of ``as_of``."""
    values: dict = {}
    unknown: dict[str, tuple[str, ...]] = {}

    def put(name: str, value, blockers: list[str]) -> None:
        if blockers:
            unknown[name] = tuple(blockers)
        else:
            values[name] = value

    members = household.members
    values["household_size"] = household.size
    values["state"] = household.state
    values["state_group"] = region_of(household.state)
    put("county", household.county, [] if household.county else ["/county"])
    put("zip", household.zip, [] if household.zip else ["/zip"])

    _income_facts(household, as_of, guidelines, put)

    ages = [m.age for m in members]
    age_blockers = [f"/members/{i}/age" for i, m in enumerate(members) if m.age is None]
    for name, bounds in AGE_FACTS.items():
        if name == "ages":
            value = sorted(ages) if not age_blockers else None
        elif name in ("youngest_age", "oldest_age"):
            value = (min if name == "youngest_age" else max)(ages) if not age_blockers else None
        else:
            low, high = bounds
            value = sum(low <= a <= high for a in ages) if not age_blockers else None
        put(name, value, age_blockers)

    for name, flag in (("pregnant_members", "pregnant"), ("disabled_members", "disabled"),
                       ("students", "student")):
        flags = [getattr(m, flag) for m in members]
        put(name, sum(bool(f) for f in flags),
            [f"/members/{i}/{flag}" for i, f in enumerate(flags) if f is None])

    statuses = [m.immigration_status for m in members]
    blockers = [f"/members/{i}/immigration_status" for i, s in enumerate(statuses)
                if s in (None, "prefer_not_to_say")]
    put("immigration_statuses", sorted(set(s for s in statuses if s)), blockers)
    put("noncitizen_members", sum(s != "citizen" for s in statuses), blockers)

    _expense_facts(household, values, put)
    return Facts(values, unknown)


def _income_facts(household: Household, as_of: date, guidelines: PovertyGuidelines, put) -> None:
    members = household.members
    blockers = income_blockers(household)
    monthly = None if blockers else round(sum(m.monthly_income for m in members), 2)
    earned = None if blockers else round(sum(m.monthly_earned_income for m in members), 2)
    put("monthly_income", monthly, blockers)
    put("monthly_earned_income", earned, blockers)
    put("monthly_unearned_income", None if blockers else round(monthly - earned, 2), blockers)
    put("annual_income", None if blockers else round(monthly * 12, 2), blockers)
    guideline = guidelines.guideline(as_of.year, household.state)
    if guideline is None:
        return  # no table that early: the percentage cannot be known, nor can anyone fill it
    put("poverty_guideline_year", guideline.year, [])
    put("poverty_guideline", guideline.for_size(household.size), [])
    percent = None if blockers else guidelines.percent(monthly * 12, household.size,
                                                       as_of.year, household.state)
    put("income_percent_of_poverty", percent, blockers)


def _expense_facts(household: Household, values: dict, put) -> None:
    for name, key in (("monthly_rent", "rent"), ("monthly_utilities", "utilities"),
                      ("monthly_child_care", "child_care"),
                      ("monthly_medical_expenses", "medical")):
        value = household.expense(key)
        put(name, value, [] if value is not None else [f"/expenses/{key}"])
    housing = [("rent", household.expense("rent")), ("utilities", household.expense("utilities"))]
    blockers = [f"/expenses/{k}" for k, v in housing if v is None]
    cost = None if blockers else round(sum(v for _, v in housing), 2)
    put("monthly_housing_cost", cost, blockers)
    if cost is None or "monthly_income" not in values:
        put("housing_cost_percent_of_income", None, blockers + income_blockers(household))
        return
    income = values["monthly_income"]
    share = (cost * 100 / income) if income else (HOUSING_COST_CAP if cost else 0.0)
    put("housing_cost_percent_of_income", min(share, HOUSING_COST_CAP), [])


def income_blockers(household: Household) -> list[str]:
    """The income answers that are "don't know" (a whole person's, or one source)."""
    blockers = []
    for i, m in enumerate(household.members):
        if m.income is None:
            blockers.append(f"/members/{i}/income")
        else:
            blockers += [f"/members/{i}/income/{s}" for s, v in m.income.items() if v is None]
    return blockers


def schema() -> dict:
    """A JSON Schema describing the facts document (for rule editors and the API)."""
    properties = {}
    for fact in FACTS:
        prop: dict = {"type": fact.type, "description": fact.description}
        if fact.type == "array":
            prop["items"] = {"type": "integer" if fact.name == "ages" else "string"}
        properties[fact.name] = prop
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "properties": properties}
