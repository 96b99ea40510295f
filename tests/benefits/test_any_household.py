"""Any household, any agency rule: a decided verdict holds whatever the unknowns turn out to be.

Hypothesis draws households the way the API receives them (any size, any mix of "don't know"
answers: ages, flags, statuses, a whole income or one source, expenses, county, ZIP) and
agency rules from the documented grammar (limits, choices, ``required``, ``allOf``, ``anyOf``,
``oneOf``, ``not``, ``if``/``then``/``else``). For each, the rule is judged on the household
as given; then every unknown answer is filled in, several ways, and judged again. A verdict of
"likely eligible" or "likely ineligible" must be the verdict of every filled-in household, and a
filled-in household (nothing unknown) is always decided. An "unknown" verdict must name the
answers that would settle it.
"""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carebridge.benefits import facts, household, poverty, rules

AS_OF = date(2025, 3, 1)
GUIDELINES = poverty.PovertyGuidelines.load(poverty.SHIPPED)
EXAMPLES = int(os.environ.get("CAREBRIDGE_ANY_HOUSEHOLD_EXAMPLES", "60"))

RELATIONSHIPS = ("spouse", "child", "parent", "other")
STATUSES = ("citizen", "permanent_resident", "refugee_or_asylee", "other_lawful",
            "none_of_these")
SOURCES = ("employment", "self_employment", "social_security", "ssi", "unemployment",
           "child_support", "other")
EXPENSES = ("rent", "utilities", "child_care", "medical")
COUNTIES = ("San Mateo", "Santa Clara", "Alameda")
ZIPS = ("94401", "94063", "95112")
STATES = ("CA", "AK", "HI", "NY")

amounts = st.one_of(st.integers(0, 9000), st.integers(0, 900_000).map(lambda c: c / 100))
UNKNOWN = object()  # drawn in place of an answer: left out, or null


def maybe(known: st.SearchStrategy) -> st.SearchStrategy:
    """An answer, or "don't know" (about a third of the time)."""
    return st.one_of(known, known, st.just(UNKNOWN))


@st.composite
def incomes(draw, known_only: bool = False):
    if not known_only and draw(st.integers(0, 4)) == 0:
        return UNKNOWN
    chosen = draw(st.lists(st.sampled_from(SOURCES), unique=True, max_size=3))
    source_amount = amounts if known_only else maybe(amounts)
    return {source: draw(source_amount) for source in chosen}


@st.composite
def members(draw, relationship: str, known_only: bool = False):
    answer = (lambda s: s) if known_only else maybe
    member = {"relationship": relationship}
    member["age"] = draw(answer(st.integers(0, 100)))
    for flag in ("pregnant", "disabled", "student"):
        member[flag] = draw(answer(st.booleans()))
    statuses = st.sampled_from(STATUSES)
    member["immigration_status"] = draw(
        statuses if known_only else st.one_of(statuses, st.just("prefer_not_to_say"),
                                              st.just(UNKNOWN)))
    member["income"] = draw(incomes(known_only))
    return member


@st.composite
def households(draw):
    others = draw(st.lists(st.sampled_from(RELATIONSHIPS), max_size=5)
                  .filter(lambda r: r.count("spouse") <= 1))
    people = [draw(members("self")), *(draw(members(r)) for r in others)]
    return {
        "state": draw(st.sampled_from(STATES)),
        "county": draw(maybe(st.sampled_from(COUNTIES))),
        "zip": draw(maybe(st.sampled_from(ZIPS))),
        "members": draw(st.permutations(people)),
        "expenses": draw(st.one_of(
            st.just(UNKNOWN),
            st.fixed_dictionaries({name: maybe(amounts) for name in EXPENSES}))),
    }


def as_api(value, nulls: bool = False):
    """The household as the API receives it: "don't know" left out, or null where leaving
    the answer out would say something else (an income source left out is none)."""
    if isinstance(value, dict):
        return {key: as_api(v, nulls=key == "income") for key, v in value.items()
                if v is not UNKNOWN or nulls or key == "income"}
    if isinstance(value, list):
        return [as_api(v) for v in value]
    return None if value is UNKNOWN else value


@st.composite
def filled_in(draw, data):
    """The same household with every unknown answer given (known ones unchanged)."""
    def fill(value, known):
        return draw(known) if value is UNKNOWN else value

    people = []
    for member in data["members"]:
        person = {**member, "age": fill(member["age"], st.integers(0, 100))}
        for flag in ("pregnant", "disabled", "student"):
            person[flag] = fill(member[flag], st.booleans())
        if member["immigration_status"] in (UNKNOWN, "prefer_not_to_say"):
            person["immigration_status"] = draw(st.sampled_from(STATUSES))
        income = member["income"]
        person["income"] = (draw(incomes(known_only=True)) if income is UNKNOWN else
                            {s: fill(v, amounts) for s, v in income.items()})
        people.append(person)
    expenses = data["expenses"]
    if expenses is UNKNOWN:
        expenses = {name: UNKNOWN for name in EXPENSES}
    return {**data, "county": fill(data["county"], st.sampled_from(COUNTIES)),
            "zip": fill(data["zip"], st.sampled_from(ZIPS)), "members": people,
            "expenses": {name: fill(v, amounts) for name, v in expenses.items()}}


# -- rules from the documented grammar -----------------------------------------------------------

NUMBER_FACTS = ("household_size", "monthly_income", "monthly_earned_income",
                "monthly_unearned_income", "annual_income", "income_percent_of_poverty",
                "youngest_age", "oldest_age", "children_under_5", "children_under_6",
                "children_under_18", "children_under_19", "adults", "members_60_or_older",
                "members_65_or_older", "pregnant_members", "disabled_members", "students",
                "noncitizen_members", "monthly_rent", "monthly_utilities",
                "monthly_housing_cost", "housing_cost_percent_of_income",
                "monthly_child_care", "monthly_medical_expenses")
TEXT_FACTS = {"county": COUNTIES, "zip": ZIPS, "state": STATES,
              "state_group": ("contiguous_us", "alaska", "hawaii")}
LIMITS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
limits = st.one_of(st.integers(0, 6), st.integers(0, 400), st.integers(0, 6000),
                   st.floats(0, 400, allow_nan=False).map(lambda x: round(x, 1)))


@st.composite
def value_constraints(draw, name: str) -> dict:
    if name in TEXT_FACTS:
        choices = TEXT_FACTS[name]
        return draw(st.one_of(
            st.builds(lambda v: {"const": v}, st.sampled_from(choices)),
            st.builds(lambda vs: {"enum": vs},
                      st.lists(st.sampled_from(choices), min_size=1, max_size=2, unique=True))))
    if name == "ages":
        return {"contains": {"minimum": draw(st.integers(0, 80))}}
    if name == "immigration_statuses":
        return {"contains": {"enum": draw(st.lists(st.sampled_from(STATUSES), min_size=1,
                                                   max_size=2, unique=True))}}
    keys = draw(st.lists(st.sampled_from(LIMITS), min_size=1, max_size=2, unique=True))
    return {key: draw(limits) for key in keys}


fact_names = st.sampled_from((*NUMBER_FACTS, *TEXT_FACTS, "ages", "immigration_statuses"))


@st.composite
def leaf_rules(draw) -> dict:
    names = draw(st.lists(fact_names, min_size=1, max_size=2, unique=True))
    rule: dict = {"properties": {name: draw(value_constraints(name)) for name in names}}
    if draw(st.booleans()):
        rule["required"] = names[:1]
    return rule


def combined(children: st.SearchStrategy) -> st.SearchStrategy:
    some = st.lists(children, min_size=1, max_size=3)
    return st.one_of(
        some.map(lambda rs: {"allOf": rs}),
        some.map(lambda rs: {"anyOf": rs}),
        some.map(lambda rs: {"oneOf": rs}),
        children.map(lambda r: {"not": r}),
        st.tuples(children, children, children).map(
            lambda t: {"if": t[0], "then": t[1], "else": t[2]}),
        st.tuples(children, children).map(lambda t: {"if": t[0], "then": t[1]}),
    )


agency_rules = st.recursive(leaf_rules(), combined, max_leaves=5)


# -- the properties ------------------------------------------------------------------------------

def judged(data, rule):
    parsed = household.parse(as_api(data), AS_OF)
    return rules.judge(rule, facts.compute(parsed, AS_OF, GUIDELINES))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=households(), rule=agency_rules, draw=st.data())
def test_a_decided_verdict_holds_whatever_the_unknown_answers_are(data, rule, draw):
    assert rules.check(rule) == [], rule
    verdict = judged(data, rule)
    for _ in range(4):
        complete = draw.draw(filled_in(data), label="filled in")
        settled = judged(complete, rule)
        assert settled.status != rules.UNKNOWN, (rule, complete, settled)
        if verdict.status != rules.UNKNOWN:
            assert settled.status == verdict.status, (rule, verdict, complete, settled)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=households(), rule=agency_rules)
def test_an_unknown_verdict_names_answers_the_household_left_unknown(data, rule):
    verdict = judged(data, rule)
    if verdict.status != rules.UNKNOWN:
        assert verdict.missing == ()
        return
    assert verdict.missing, (rule, data)
    api = as_api(data)
    for field in verdict.missing:
        assert _left_unknown(api, field), (field, api)


def _left_unknown(api: dict, pointer: str) -> bool:
    """Whether the answer at ``pointer`` is absent, null or "prefer not to say"."""
    node = api
    for part in pointer.strip("/").split("/"):
        if isinstance(node, list):
            node = node[int(part)]
        elif not isinstance(node, dict) or node.get(part) is None:
            return True
        else:
            node = node[part]
    return node in (None, "prefer_not_to_say")


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=households())
def test_the_canonical_household_reads_back_to_the_same_facts(data):
    parsed = household.parse(as_api(data), AS_OF)
    again = household.Household.from_dict(parsed.to_dict())
    assert again == parsed
    assert facts.compute(again, AS_OF, GUIDELINES) == facts.compute(parsed, AS_OF, GUIDELINES)
    assert household.parse(parsed.to_dict(), AS_OF) == parsed
