"""The demo agency's programs as stored and screened: households at and around their published
limits (poverty guideline edges, household sizes, ages), unknown facts, and the demo loader."""

import math
from datetime import date

import pytest
from sqlalchemy import select

from carebridge.agencies import create_agency
from carebridge.benefits import poverty, records
from carebridge.benefits.demo import load_demo_benefits
from carebridge.benefits.models import BenefitProgram, BenefitScreening
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.benefits.conftest import add_intake, family, make_client, person

AS_OF = date(2025, 3, 1)
TABLE = poverty.PovertyGuidelines.load(poverty.SHIPPED)


@pytest.fixture
def demo(app):
    """The demo agency with its shipped programs (loaded by the demo loader)."""
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency_id = create_agency(session, "demo", "Demo Community Care").id
        lines = list(load_demo_benefits(session))
    assert lines == ["benefits: the demo agency's own programs added"]
    return agency_id


def outcomes(app, agency_id, household) -> dict:
    with unit_of_work(app, agency_id) as session:
        row = records.run(session, household, agency_id=agency_id, user_id=None,
                          as_of=AS_OF, app=app)
        return {p["id"]: p["status"] for p in row.result["programs"]}


def monthly_at(percent: float, size: int) -> float:
    """The monthly income at ``percent`` of the 2025 guideline for ``size`` people (CA)."""
    return TABLE.guideline(2025, "CA").for_size(size) * percent / 100 / 12


@pytest.mark.parametrize("size", [1, 3, 6])
@pytest.mark.parametrize("percent, expected", [
    (199.9, "likely_eligible"), (200, "likely_eligible"), (200.1, "likely_ineligible")])
def test_rental_assistance_at_and_around_200_percent(app, demo, size, percent, expected):
    income = math.floor(monthly_at(percent, size) * 100) / 100  # to the cent, not over
    members = [person(age=40, income={"employment": income})] + [
        person("child", 10) for _ in range(size - 1)]
    # Rent over 40% of income: only the income limit decides.
    household = family(*members, expenses={"rent": income, "utilities": 0, "child_care": 0,
                                           "medical": 0})
    assert outcomes(app, demo, household)["emergency-rental-assistance"] == expected


@pytest.mark.parametrize("percent, expected", [
    (299.9, "likely_eligible"), (300.1, "likely_ineligible")])
def test_the_food_bank_limit_is_300_percent(app, demo, percent, expected):
    income = math.floor(monthly_at(percent, 2) * 100) / 100
    household = family(person(income={"employment": income}), person("spouse", 35))
    assert outcomes(app, demo, household)["food-pantry"] == expected


@pytest.mark.parametrize("ages, expected", [
    ((59, 30), "likely_ineligible"),   # nobody 60+, no child under 6
    ((60, 30), "likely_eligible"),     # a senior
    ((30, 5), "likely_eligible"),      # a child under 6
    ((30, 6), "likely_ineligible"),    # six is not under six
])
def test_the_utility_fund_asks_for_a_senior_or_a_young_child(app, demo, ages, expected):
    household = family(person(age=ages[0], income={"employment": 1000}),
                       person("child" if ages[1] < 18 else "spouse", ages[1]))
    assert outcomes(app, demo, household)["utility-assistance-fund"] == expected


def test_outside_the_county_the_county_programs_are_out_and_unknown_county_is_unknown(app, demo):
    elsewhere = outcomes(app, demo, family(person(age=70, income={}), county="Santa Clara"))
    assert elsewhere["utility-assistance-fund"] == "likely_ineligible"
    assert elsewhere["food-pantry"] == "likely_eligible"
    unknown = outcomes(app, demo, family(person(age=70, income={}), county=None))
    assert unknown["utility-assistance-fund"] == "unknown"


def test_an_unknown_income_leaves_income_tested_programs_unknown_unless_a_known_fact_decides(
        app, demo):
    household = family(person(age=70, income={"employment": 500, "other": None}))
    assert outcomes(app, demo, household) == {
        "emergency-rental-assistance": "likely_ineligible",  # no rent: known, and decisive
        "food-pantry": "unknown", "utility-assistance-fund": "unknown"}


@pytest.mark.postgres
def test_the_demo_loader_screens_clients_once(app):
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency_id = create_agency(session, "demo", "Demo Community Care").id
    client_id = make_client(app, agency_id)
    add_intake(app, agency_id, client_id, {
        "given_name": "Maria", "family_name": "Lopez", "date_of_birth": "1980-01-01",
        "address": {"street": "1 Main St", "city": "San Mateo", "state": "CA", "zip": "94401"},
        "household_members": [{"name": "Leo", "relationship": "child", "age": 3}],
        "has_income": True, "income_sources": [{"source": "wages", "amount": 1500}]})
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert list(load_demo_benefits(session))[-1] == "benefits: 1 demo clients screened"
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert list(load_demo_benefits(session)) == []  # run again: nothing new
        kept = session.scalars(select(BenefitScreening)).one()
        assert kept.client_id == client_id and kept.submission_id
        statuses = {p["id"]: p["status"] for p in kept.result["programs"]}
        assert statuses["food-pantry"] == "likely_eligible"
        assert statuses["utility-assistance-fund"] == "likely_eligible"
        assert len(session.scalars(select(BenefitProgram)).all()) == 3


def test_without_an_intake_the_household_starts_from_the_client_record_and_unknowns(app):
    from datetime import date as day

    from carebridge.benefits import intake
    from carebridge.clients.models import Client

    with unit_of_work(app, ALL_AGENCIES) as session:
        agency_id = create_agency(session, "solo", "Solo").id
    client_id = make_client(app, agency_id, birth_date=day(1950, 5, 1), postal_code="94019")
    with unit_of_work(app, agency_id) as session:
        prefill = intake.household_for(session, session.get(Client, client_id))
    assert prefill.submission_id is None
    assert prefill.household == {
        "state": "CA", "county": "San Mateo", "zip": "94019",
        "members": [{"relationship": "self", "income": None, "birth_date": "1950-05-01"}]}


def test_an_intake_that_says_no_income_is_no_income_not_unknown(app):
    from carebridge.benefits import intake
    from carebridge.clients.models import Client

    with unit_of_work(app, ALL_AGENCIES) as session:
        agency_id = create_agency(session, "solo", "Solo").id
    client_id = make_client(app, agency_id)
    add_intake(app, agency_id, client_id, {"given_name": "A", "family_name": "B",
                                           "date_of_birth": "2000-01-01", "has_income": False})
    with unit_of_work(app, agency_id) as session:
        prefill = intake.household_for(session, session.get(Client, client_id))
    assert prefill.household["members"][0]["income"] == {}
    assert prefill.submission_id
