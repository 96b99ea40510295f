"""The household at the edge: the schema, the rules a schema cannot say, "don't know"."""

import json
from datetime import date

import pytest

from carebridge.benefits import household, reasons
from carebridge.benefits.reasons import Reason
from carebridge.errors import InvalidInput
from tests.benefits.conftest import AS_OF, family, person


def problems_of(data, as_of=AS_OF):
    with pytest.raises(InvalidInput) as caught:
        household.parse(data, as_of)
    return {p.pointer: p.message for p in caught.value.problems}


def test_the_smallest_household_is_a_state_and_the_client():
    parsed = household.parse({"state": "TX", "members": [{"relationship": "self"}]}, AS_OF)
    client = parsed.members[0]
    assert (parsed.size, parsed.county, parsed.zip) == (1, None, None)
    assert (client.age, client.pregnant, client.income, client.immigration_status) == (
        None, None, None, None)
    assert parsed.expenses == {"rent": None, "utilities": None, "child_care": None,
                               "medical": None}


def test_income_given_as_an_object_counts_missing_sources_as_none_and_null_as_unknown():
    parsed = household.parse(family(
        person(income={"employment": 1200.5, "child_support": None}),
        person("child", 4, income={}),
    ), AS_OF)
    client, child = parsed.members
    assert client.income["employment"] == 1200.5 and client.income["ssi"] == 0
    assert client.monthly_income is None and client.monthly_earned_income == 1200.5
    assert child.monthly_income == 0


@pytest.mark.parametrize(("born", "age"), [
    ("2020-06-01", 4),   # birthday today
    ("2020-06-02", 3),   # birthday tomorrow
    ("1964-05-31", 60),
    ("2024-06-01", 0),
])
def test_ages_come_from_dates_of_birth_as_of_the_screening(born, age):
    data = family(person(age=None, birth_date=born))
    assert household.parse(data, date(2024, 6, 1)).members[0].age == age


@pytest.mark.parametrize(("change", "where", "says"), [
    ({"state": "PR"}, "/state", "Choose one of the options."),
    ({"state": None}, "/state", "Choose one of the options."),
    ({"zip": "9440"}, "/zip", ""),
    ({"members": []}, "/members", ""),
    ({"members": [person("child", 3)]}, "/members", ""),
    ({"members": [person(), person()]}, "/members", ""),
    ({"members": [person(income={"employment": -5})]}, "/members/0/income/employment",
     "at least 0"),
    ({"members": [person(income={"employment": 10.005})]}, "/members/0/income/employment", ""),
    ({"members": [person(income={"wages": 10})]}, "/members/0/income", ""),
    ({"members": [person(age=130)]}, "/members/0/age", ""),
    ({"members": [person(relationship="cousin")]}, "/members/0/relationship", ""),
    ({"members": [person(immigration_status="illegal")]}, "/members/0/immigration_status", ""),
    ({"members": [person(name="Jane")]}, "/members/0", ""),
    ({"expenses": {"rent": "a lot"}}, "/expenses/rent", "Enter a number"),
])
def test_bad_households_are_refused_at_the_field(change, where, says):
    found = problems_of({**family(person()), **change})
    assert where in found, found
    assert says in found[where]


@pytest.mark.parametrize(("member", "where", "says"), [
    (person(age=None, birth_date="2030-01-01"), "/members/0/birth_date", "future"),
    (person(age=None, birth_date="1890-01-01"), "/members/0/birth_date", "120 years"),
    (person(age=40, birth_date="1990-01-01"), "/members/0/age", "does not match"),
])
def test_dates_of_birth_are_checked_against_the_screening_date(member, where, says):
    assert says in problems_of(family(member))[where]


def test_one_spouse_at_most():
    found = problems_of(family(person(), person("spouse"), person("spouse")))
    assert "one spouse" in found["/members"]


def test_counties_are_spelled_one_way():
    for written in ("san mateo county", "SAN MATEO", "  San   Mateo  "):
        assert household.parse(family(person(), county=written), AS_OF).county == "San Mateo"
    assert household.parse(family(person(), county="McKinley County"), AS_OF).county == (
        "McKinley")


def test_the_canonical_document_round_trips_and_ignores_how_facts_were_written():
    written_one_way = family(person(age=None, birth_date="1994-06-01",
                                    income={"employment": 1000}))
    written_another = family(person(age=30, income={"employment": 1000.0, "ssi": 0}))
    first = household.parse(written_one_way, AS_OF)
    second = household.parse(written_another, AS_OF)
    assert first.to_dict() == second.to_dict()
    assert household.Household.from_dict(first.to_dict()) == first


@pytest.mark.parametrize(("pointer", "words", "palabras"), [
    ("/members/0/income", "the client's income", "los ingresos del cliente"),
    ("/members/2/age", "the age of person 3 (child)", "la edad de la persona 3 (hijo o hija)"),
    ("/members/1/income/social_security", "the Social Security benefits of person 2 (spouse)",
     "los beneficios del Seguro Social de la persona 2 (cónyuge o pareja)"),
    ("/members/0/pregnant", "whether the client is pregnant", "si el cliente espera un bebé"),
    ("/members/1/disabled", "whether person 2 (spouse) has a disability",
     "si la persona 2 (cónyuge o pareja) tiene una discapacidad"),
    ("/members/3/student", "whether person 4 (parent) is a full-time student",
     "si la persona 4 (padre o madre) estudia tiempo completo"),
    ("/members/2", "person 3 (child)", "la persona 3 (hijo o hija)"),
    ("/expenses/rent", "rent", "la renta"),
    ("/county", "the county", "el condado"),
])
def test_fields_are_named_in_the_readers_language(app, pointer, words, palabras):
    parsed = household.parse(family(person(), person("spouse"), person("child", 5),
                                    person("parent", 70)), AS_OF)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert household.describe(parsed, pointer) == words
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert household.describe(parsed, pointer) == palabras


def test_a_field_phrase_kept_with_a_screening_is_said_in_each_readers_language(app):
    parsed = household.parse(family(person(), person("child", 5)), AS_OF)
    kept = Reason.from_dict(json.loads(json.dumps(
        household.field_phrase(parsed, "/members/1/income/employment").as_dict())))
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert reasons.phrase(kept) == "el sueldo de la persona 2 (hijo o hija)"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert reasons.phrase(kept) == "the wages of person 2 (child)"
