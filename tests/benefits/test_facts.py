"""The facts document: sizes, income against the guideline, ages, place, expenses, unknowns."""

from datetime import date

import pytest

from carebridge.benefits import facts
from tests.benefits.conftest import facts_of, family, person


def test_a_family_in_words_and_numbers():
    found = facts_of(family(
        person(income={"employment": 2000, "social_security": 300}, disabled=True),
        person("spouse", 62, income={"other": 100}),
        person("child", 4), person("child", 17, student=True),
        expenses={"rent": 1500, "utilities": 150, "child_care": 400, "medical": 20},
    ))
    assert found.unknown == {}
    values = found.values
    assert values["household_size"] == 4 and values["state_group"] == "contiguous_us"
    assert (values["monthly_income"], values["monthly_earned_income"],
            values["monthly_unearned_income"], values["annual_income"]) == (
        2400, 2000, 400, 28800)
    assert values["poverty_guideline_year"] == 2024 and values["poverty_guideline"] == 31200
    assert values["income_percent_of_poverty"] == pytest.approx(92.3077, abs=1e-4)
    assert values["ages"] == [4, 17, 30, 62]
    assert (values["children_under_5"], values["children_under_18"], values["adults"],
            values["members_60_or_older"], values["members_65_or_older"]) == (1, 2, 2, 1, 0)
    assert (values["disabled_members"], values["students"], values["pregnant_members"]) == (
        1, 1, 0)
    assert values["monthly_housing_cost"] == 1650
    assert values["housing_cost_percent_of_income"] == pytest.approx(68.75)


@pytest.mark.parametrize(
    ("age", "under_5", "under_6", "under_18", "under_19", "sixty", "sixtyfive"), [
    (4, 1, 1, 1, 1, 0, 0), (5, 0, 1, 1, 1, 0, 0), (17, 0, 0, 1, 1, 0, 0),
    (18, 0, 0, 0, 1, 0, 0), (19, 0, 0, 0, 0, 0, 0), (59, 0, 0, 0, 0, 0, 0),
    (60, 0, 0, 0, 0, 1, 0), (64, 0, 0, 0, 0, 1, 0), (65, 0, 0, 0, 0, 1, 1),
    ])
def test_age_counts_at_their_edges(age, under_5, under_6, under_18, under_19, sixty, sixtyfive):
    values = facts_of(family(person(age=40), person("other", age))).values
    assert (values["children_under_5"], values["children_under_6"], values["children_under_18"],
            values["children_under_19"], values["members_60_or_older"],
            values["members_65_or_older"]) == (under_5, under_6, under_18, under_19, sixty,
                                               sixtyfive)


def test_alaska_and_hawaii_use_their_own_guidelines():
    income = {"employment": 2000}
    percent = {state: facts_of(family(person(income=income), state=state, county=None))
               .values["income_percent_of_poverty"] for state in ("CA", "AK", "HI")}
    assert percent["CA"] == pytest.approx(24000 * 100 / 15060)
    assert percent["AK"] == pytest.approx(24000 * 100 / 18810)
    assert percent["HI"] == pytest.approx(24000 * 100 / 17310)


def test_the_guideline_year_follows_the_screening_date():
    data = family(person(income={"employment": 1000}))
    assert facts_of(data, date(2025, 3, 1)).values["poverty_guideline"] == 15650
    assert facts_of(data, date(2031, 3, 1)).values["poverty_guideline_year"] == 2026


def test_an_unknown_answer_makes_the_facts_on_it_unknown_and_names_the_field():
    found = facts_of(family(
        person(income={"employment": 1000, "child_support": None}, pregnant=None),
        person("child", None, income=None),
        county=None, expenses={"rent": 900},
    ))
    unknown = found.unknown
    assert unknown["monthly_income"] == ("/members/0/income/child_support", "/members/1/income")
    assert unknown["income_percent_of_poverty"] == unknown["monthly_income"]
    assert unknown["children_under_5"] == ("/members/1/age",)
    assert unknown["pregnant_members"] == ("/members/0/pregnant",)
    assert unknown["county"] == ("/county",)
    assert unknown["monthly_housing_cost"] == ("/expenses/utilities",)
    assert "monthly_rent" not in unknown and found.values["monthly_rent"] == 900
    # what is known stays known
    assert found.values["household_size"] == 2 and found.values["poverty_guideline"] == 20440
    assert set(found.values).isdisjoint(unknown)


def test_a_status_not_shared_is_unknown_for_rules():
    found = facts_of(family(person(immigration_status="prefer_not_to_say"), person("child", 3)))
    assert found.unknown["noncitizen_members"] == ("/members/0/immigration_status",)
    citizens = facts_of(family(person(), person("spouse", immigration_status="other_lawful")))
    assert citizens.values["noncitizen_members"] == 1
    assert citizens.values["immigration_statuses"] == ["citizen", "other_lawful"]


@pytest.mark.parametrize(("income", "costs", "share"), [
    ({"employment": 2000}, {"rent": 1000, "utilities": 0}, 50.0),
    ({}, {"rent": 1000, "utilities": 0}, 1000.0),
    ({}, {"rent": 0, "utilities": 0}, 0.0),
    ({"employment": 10}, {"rent": 5000, "utilities": 0}, 1000.0),
])
def test_housing_cost_share_of_income(income, costs, share):
    found = facts_of(family(person(income=income), expenses=costs))
    assert found.values["housing_cost_percent_of_income"] == share


def test_every_fact_is_documented_and_described_by_the_facts_schema():
    schema = facts.schema()
    assert list(schema["properties"]) == [fact.name for fact in facts.FACTS]
    found = facts_of(family(person(), person("child", 3)))
    from carebridge.forms.validation import make_validator

    assert make_validator(schema).is_valid(found.values)
    assert set(found.values) | set(found.unknown) == set(schema["properties"])
