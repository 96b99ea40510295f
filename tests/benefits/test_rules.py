"""Agency rules judged at and around published limits, with unknown facts, in plain words."""

import random
from fractions import Fraction

import pytest

from carebridge.benefits import rules
from carebridge.benefits.facts import Facts
from carebridge.benefits.reasons import say
from carebridge.forms.validation import make_validator
from tests.benefits.conftest import AS_OF, facts_of, family, person

GUIDELINES = {  # (year, region): (first person, each additional), as published by HHS
    (2022, "contiguous_us"): (13590, 4720), (2024, "contiguous_us"): (15060, 5380),
    (2024, "alaska"): (18810, 6730), (2024, "hawaii"): (17310, 6190),
    (2025, "contiguous_us"): (15650, 5500), (2026, "contiguous_us"): (15960, 5680),
}
STATES = {"contiguous_us": "CA", "alaska": "AK", "hawaii": "HI"}
AT_MOST_200 = {"properties": {"income_percent_of_poverty": {"maximum": 200}}}
UNDER_200 = {"properties": {"income_percent_of_poverty": {"exclusiveMaximum": 200}}}


def cents_at_most(percent: int, year: int, region: str, size: int) -> Fraction:
    """The highest monthly income, in whole cents, at or under ``percent`` of the guideline."""
    first, more = GUIDELINES[(year, region)]
    limit = Fraction(percent * (first + more * (size - 1)), 100 * 12)
    return Fraction(int(limit * 100), 100)


def household_earning(monthly: Fraction, size: int, region: str):
    others = [person("child", 3) for _ in range(size - 1)]
    return family(person(income={"employment": float(monthly)}), *others,
                  state=STATES[region], county=None)


def status(rule, data, as_of=AS_OF):
    assert rules.check(rule) == []
    return rules.judge(rule, facts_of(data, as_of)).status


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 8, 12])
@pytest.mark.parametrize(("year", "region"), sorted(GUIDELINES))
def test_income_limits_at_and_around_200_percent(year, region, size):
    from datetime import date

    as_of = date(year, 7, 1)
    top = cents_at_most(200, year, region, size)
    cent = Fraction(1, 100)
    assert status(AT_MOST_200, household_earning(top, size, region), as_of) == "likely_eligible"
    assert status(AT_MOST_200, household_earning(top + cent, size, region), as_of) == (
        "likely_ineligible")
    assert status(AT_MOST_200, household_earning(top - cent, size, region), as_of) == (
        "likely_eligible")
    exactly = (top * 12 * 100) / sum(GUIDELINES[(year, region)][i] * (1 if i == 0 else size - 1)
                                     for i in range(2)) == 200
    assert status(UNDER_200, household_earning(top, size, region), as_of) == (
        "likely_ineligible" if exactly else "likely_eligible")


def test_exactly_at_the_limit_is_within_maximum_and_outside_exclusive_maximum():
    # 2024, one person: 200% is $30,120 a year, $2,510.00 a month exactly.
    at_limit = household_earning(Fraction(2510), 1, "contiguous_us")
    assert status(AT_MOST_200, at_limit) == "likely_eligible"
    assert status(UNDER_200, at_limit) == "likely_ineligible"


def test_the_same_income_is_in_one_region_and_out_in_another():
    monthly = Fraction(2800)  # 223% of the contiguous guideline for one, 179% of Alaska's
    assert status(AT_MOST_200, household_earning(monthly, 1, "contiguous_us")) == (
        "likely_ineligible")
    assert status(AT_MOST_200, household_earning(monthly, 1, "alaska")) == "likely_eligible"
    assert status(AT_MOST_200, household_earning(monthly, 1, "hawaii")) == "likely_eligible"


SENIORS = {"properties": {"members_60_or_older": {"minimum": 1}}}
YOUNG_CHILD = {"properties": {"youngest_age": {"maximum": 4}}}


@pytest.mark.parametrize(("ages", "senior", "young"), [
    ((59, 30), "likely_ineligible", "likely_ineligible"),
    ((60, 30), "likely_eligible", "likely_ineligible"),
    ((30, 4), "likely_ineligible", "likely_eligible"),
    ((30, 5), "likely_ineligible", "likely_ineligible"),
    ((61, 0), "likely_eligible", "likely_eligible"),
])
def test_age_rules_at_their_edges(ages, senior, young):
    data = family(person(age=ages[0]), person("other", ages[1]))
    assert (status(SENIORS, data), status(YOUNG_CHILD, data)) == (senior, young)


def test_household_size_and_county_rules():
    big_county = {"properties": {"household_size": {"minimum": 3},
                                 "county": {"enum": ["San Mateo", "Santa Clara"]}}}
    assert status(big_county, family(person(), person("child", 2), person("child", 5))) == (
        "likely_eligible")
    assert status(big_county, family(person(), person("child", 2))) == "likely_ineligible"
    assert status(big_county, family(person(), person("child", 2), person("child", 5),
                                     county="alameda county")) == "likely_ineligible"


# -- unknown facts ------------------------------------------------------------------------------

UNKNOWN_INCOME = family(person(income=None), person("child", 3))
HIGH_INCOME_UNKNOWN_AGE = family(person(income={"employment": 20000}), person("child", None))


def test_an_unknown_income_makes_an_income_rule_unknown_and_names_the_field():
    verdict = rules.judge(AT_MOST_200, facts_of(UNKNOWN_INCOME))
    assert verdict.status == "unknown"
    assert verdict.missing == ("/members/0/income",)
    assert "Income as a share of the poverty guideline is not known." in map(say, verdict.reasons)


def test_a_rule_that_does_not_look_at_the_unknown_fact_is_decided():
    assert status(SENIORS, UNKNOWN_INCOME) == "likely_ineligible"
    verdict = rules.judge(SENIORS, facts_of(UNKNOWN_INCOME))
    assert verdict.missing == ()


def test_a_known_failure_decides_even_with_unknowns():
    both = {"properties": {"income_percent_of_poverty": {"maximum": 200},
                           "children_under_5": {"minimum": 1}}}
    verdict = rules.judge(both, facts_of(HIGH_INCOME_UNKNOWN_AGE))
    assert (verdict.status, verdict.missing) == ("likely_ineligible", ())
    assert say(verdict.reasons[0]).startswith("Income is 1,174.2% of the 2024")


def test_one_known_way_in_decides_even_with_unknowns():
    either = {"anyOf": [{"properties": {"household_size": {"minimum": 2}}},
                        {"properties": {"income_percent_of_poverty": {"maximum": 100}}}]}
    assert status(either, UNKNOWN_INCOME) == "likely_eligible"
    alone = family(person(income=None))
    verdict = rules.judge(either, facts_of(alone))
    assert (verdict.status, verdict.missing) == ("unknown", ("/members/0/income",))


def test_negation_and_conditions_with_unknowns():
    not_rich = {"not": {"properties": {"income_percent_of_poverty": {"minimum": 400}}}}
    assert status(not_rich, UNKNOWN_INCOME) == "unknown"
    conditional = {"if": {"properties": {"members_60_or_older": {"minimum": 1}}},
                   "then": {"properties": {"income_percent_of_poverty": {"maximum": 300}}},
                   "else": {"properties": {"income_percent_of_poverty": {"maximum": 150}}}}
    # the condition is known (no one is 60), the branch needs the unknown income
    assert status(conditional, UNKNOWN_INCOME) == "unknown"
    known = family(person(income={"employment": 3000}), person("child", 3))
    assert status(conditional, known) == "likely_ineligible"  # 176% > 150%
    older = family(person(age=64, income={"employment": 3000}), person("child", 3))
    assert status(conditional, older) == "likely_eligible"
    # an unknown condition whose two branches agree is still decided
    agree = {"if": {"properties": {"pregnant_members": {"minimum": 1}}},
             "then": {"properties": {"household_size": {"minimum": 1}}},
             "else": {"properties": {"household_size": {"minimum": 1}}}}
    assert status(agree, family(person(pregnant=None))) == "likely_eligible"


def test_constraints_on_one_unknown_fact_that_cover_every_value_decide():
    every_income = {"anyOf": [
        {"properties": {"income_percent_of_poverty": {"maximum": 200}}},
        {"properties": {"income_percent_of_poverty": {"exclusiveMinimum": 200}}}]}
    assert status(every_income, UNKNOWN_INCOME) == "likely_eligible"
    no_income = {"allOf": [
        {"properties": {"income_percent_of_poverty": {"maximum": 100}}},
        {"properties": {"income_percent_of_poverty": {"minimum": 150}}}]}
    assert status(no_income, UNKNOWN_INCOME) == "likely_ineligible"
    any_county = {"anyOf": [{"properties": {"county": {"const": "Alameda"}}},
                            {"not": {"properties": {"county": {"const": "Alameda"}}}}]}
    assert status(any_county, family(person(), county=None)) == "likely_eligible"


def test_required_means_the_fact_exists_even_when_its_value_is_unknown():
    assert status({"required": ["monthly_income"]}, UNKNOWN_INCOME) == "likely_eligible"


# The judge must be sound: "likely eligible" and "likely ineligible" hold whatever the unknown
# facts turn out to be. Random rules over four facts, checked against every value tried.
DOMAINS = {
    "income_percent_of_poverty": [0, 50, 99.9, 100, 150, 199.99, 200, 200.01, 300, 1000],
    "children_under_5": [0, 1, 2, 3],
    "county": ["San Mateo", "Santa Clara", "Alameda"],
    "monthly_rent": [0, 500, 1000, 1500, 3000],
}


def random_constraint(rng, name):
    if name == "county":
        return {"enum": rng.sample(DOMAINS["county"], rng.randint(1, 2))}
    keyword = rng.choice(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "const"])
    return {keyword: rng.choice(DOMAINS[name])}


def random_rule(rng, depth=0):
    if depth > 2 or rng.random() < 0.35:
        names = rng.sample(sorted(DOMAINS), rng.randint(1, 2))
        return {"properties": {n: random_constraint(rng, n) for n in names}}
    kind = rng.choice(["allOf", "anyOf", "oneOf", "not", "if"])
    if kind == "not":
        return {"not": random_rule(rng, depth + 1)}
    if kind == "if":
        rule = {"if": random_rule(rng, depth + 1), "then": random_rule(rng, depth + 1)}
        if rng.random() < 0.7:
            rule["else"] = random_rule(rng, depth + 1)
        return rule
    return {kind: [random_rule(rng, depth + 1) for _ in range(rng.randint(2, 3))]}


def every_completion(known, unknown):
    completions = [dict(known)]
    for name in unknown:
        completions = [{**c, name: value} for c in completions for value in DOMAINS[name]]
    return completions


@pytest.mark.parametrize("seed", range(20))
def test_verdicts_hold_for_every_value_the_unknown_facts_could_take(seed):
    rng = random.Random(seed)
    for _ in range(15):
        rule = random_rule(rng)
        assert rules.check(rule) == []
        truth = {name: rng.choice(values) for name, values in DOMAINS.items()}
        unknown = rng.sample(sorted(DOMAINS), rng.randint(0, 2))
        known = {k: v for k, v in truth.items() if k not in unknown}
        verdict = rules.judge(rule, Facts(known, {n: (f"/{n}",) for n in unknown}))
        outcomes = {make_validator(rule).is_valid(c) for c in every_completion(known, unknown)}
        if verdict.status == "likely_eligible":
            assert outcomes == {True}, (rule, known, unknown)
        elif verdict.status == "likely_ineligible":
            assert outcomes == {False}, (rule, known, unknown)
        else:
            assert unknown and verdict.missing
        if not unknown:
            assert verdict.status != "unknown"


# -- reasons in plain words ---------------------------------------------------------------------

def reasons(rule, data):
    return [say(reason) for reason in rules.judge(rule, facts_of(data)).reasons]


def test_the_reason_says_the_percentage_its_year_and_the_limit():
    # 2024, family of 2: guideline $20,440; $3,611.07 a month is 212%.
    data = family(person(income={"employment": 3611.07}), person("child", 3))
    assert reasons(AT_MOST_200, data) == [
        "Income is 212% of the 2024 poverty guideline; the limit is 200%."]


def test_a_percentage_next_to_its_limit_shows_enough_digits_to_differ():
    data = household_earning(Fraction(251001, 100), 1, "contiguous_us")
    assert reasons(AT_MOST_200, data) == [
        "Income is 200.001% of the 2024 poverty guideline; the limit is 200%."]


@pytest.mark.parametrize(("rule", "data", "said"), [
    ({"properties": {"monthly_income": {"maximum": 1500}}},
     family(person(income={"employment": 1234.5})),
     "Monthly income is $1,234.50 a month; the limit is $1,500."),
    ({"properties": {"household_size": {"minimum": 3}}}, family(person()),
     "The household has 1 person; it must be at least 3."),
    ({"properties": {"children_under_5": {"minimum": 1}}}, family(person()),
     "Children under 5: 0; it must be at least 1."),
    ({"properties": {"county": {"enum": ["Santa Clara", "Alameda"]}}}, family(person()),
     "The county is San Mateo; it must be one of Santa Clara or Alameda."),
    ({"properties": {"housing_cost_percent_of_income": {"minimum": 50}}},
     family(person(income={"employment": 2000}), expenses={"rent": 500, "utilities": 100}),
     "Housing costs are 30% of income; it must be at least 50%."),
    ({"properties": {"monthly_rent": {"exclusiveMinimum": 0,
                                      "description": "Pays rent"}}},
     family(person(), expenses={"rent": 0, "utilities": 0}),
     "Rent is $0 a month; Pays rent."),
    ({"not": {"properties": {"county": {"const": "San Mateo"}}}}, family(person()),
     "The county is San Mateo; the program excludes San Mateo."),
])
def test_reasons_for_a_refusal(rule, data, said):
    assert reasons(rule, data) == [said]


def test_an_eligible_household_hears_the_conditions_it_meets_and_not_the_other_branch():
    rule = {"anyOf": [{"properties": {"members_65_or_older": {"minimum": 1}}},
                      {"properties": {"income_percent_of_poverty": {"maximum": 150}}}]}
    data = family(person(income={"employment": 1000}))
    assert reasons(rule, data) == [
        "Income is 79.7% of the 2024 poverty guideline; the limit is 150%."]


def test_a_rule_without_conditions_says_so():
    assert reasons({}, family(person())) == ["The household meets the program's rule."]
    assert reasons(False, family(person())) == [
        "The household does not meet the program's rule."]


# -- checking rules when they are saved ---------------------------------------------------------

@pytest.mark.parametrize(("rule", "where", "says"), [
    ({"properties": {"income_percent_of_povrty": {"maximum": 200}}},
     "/properties/income_percent_of_povrty", "Did you mean 'income_percent_of_poverty'?"),
    ({"required": ["salary"]}, "/required/0", "There is no fact called 'salary'"),
    ({"minimum": 3}, "/minimum", "cannot apply to the facts as a whole"),
    ({"type": "string"}, "/type", "type can only be \"object\""),
    ({"properties": {"county": {"$ref": "#/$defs/x"}}}, "/properties/county/$ref",
     "cannot refer to other schemas"),
    ({"properties": {"county": {"pattern": "(unclosed"}}}, "/properties/county/pattern",
     "not a 'regex'"),
    ({"properties": {"county": {"type": "text"}}}, "/properties/county/type",
     "Not valid JSON Schema"),
    ({"anyOf": [{"maxItems": 2}]}, "/anyOf/0/maxItems", "cannot apply"),
    ({"oneOf": [True] * 13}, "/oneOf", "at most 12"),
    ([1, 2], "", "A rule is a JSON Schema"),
])
def test_bad_rules_are_refused_where_they_go_wrong(rule, where, says):
    found = {p.pointer: p.message for p in rules.check(rule)}
    assert where in found, found
    assert says in found[where]


def test_inside_a_fact_any_json_schema_is_allowed():
    no_status = {"not": {"contains": {"const": "none_of_these"}}}
    rule = {"properties": {"ages": {"contains": {"minimum": 65}},
                           "immigration_statuses": no_status,
                           "county": {"pattern": "^San "}}}
    assert rules.check(rule) == []
    assert status(rule, family(person(age=70))) == "likely_eligible"
