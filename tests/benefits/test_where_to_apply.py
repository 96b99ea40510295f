"""Where to apply: each program's directory services — the ones the agency names first, then
matches near the household by taxonomy term and keyword — in the API and on the results page."""

import pytest

from carebridge.benefits import apply_places
from carebridge.directory import index
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.benefits.conftest import add_program, family, person
from tests.directory.conftest import build_directory

PANTRY = {"id": "food-pantry", "name": "Food bank weekly groceries",
          "rule": {"properties": {"income_percent_of_poverty": {"maximum": 300}}}}


@pytest.fixture
def directory(app):
    with unit_of_work(app, ALL_AGENCIES) as session:
        build_directory(session)
        index.rebuild(app, session)


def screen(client, world, household):
    return client.post("/api/v1/benefits/screen", json={"household": household},
                       headers=world.headers("alpha", "care_manager")).json


def test_a_program_lists_the_services_near_the_household_that_its_terms_find(
        client, world, directory):
    add_program(world.app, world.agencies["alpha"], PANTRY)
    body = screen(client, world, family(person(income={"employment": 900}), zip="94019"))
    services = body["programs"][0]["services"]
    assert set(services) == {"pantry", "foodbank"}  # filed under Food Pantry
    assert services[0] == "foodbank"  # in the household's own ZIP code


def test_services_the_agency_names_come_first(client, world, directory):
    add_program(world.app, world.agencies["alpha"], {**PANTRY, "services": ["utility"]})
    body = screen(client, world, family(person(income={"employment": 900})))
    assert body["programs"][0]["services"][0] == "utility"


def test_a_program_ruled_out_is_not_searched_for(client, world, directory):
    add_program(world.app, world.agencies["alpha"], PANTRY)
    body = screen(client, world, family(person(income={"employment": 90000})))
    assert body["programs"][0]["status"] == "likely_ineligible"
    assert body["programs"][0]["services"] == []


def test_an_agency_place_replaces_the_shipped_default_and_stays_the_agencys(app, world,
                                                                           directory):
    with unit_of_work(app, world.agencies["alpha"]) as session, app.test_request_context():
        apply_places.save_place(session, "food-pantry", categories=(), keywords=["utilities"],
                                need_code="utilities")
    with unit_of_work(app, world.agencies["alpha"]) as session, app.test_request_context():
        place = apply_places.place_for(session, "food-pantry")
        assert (place.keywords, place.need_code, place.stored) == (("utilities",), "utilities",
                                                                    True)
        found = apply_places.services_for(session, place, zip_code="94401")
        assert found[0].id == "utility"
    with unit_of_work(app, world.agencies["beta"]) as session, app.test_request_context():
        assert apply_places.place_for(session, "food-pantry").categories == ("Food Pantry",)


def test_matches_are_forgotten_when_the_directory_changes(app, world, directory):
    place = apply_places.Place("x", "X", (), ("Food Pantry",), ())
    with unit_of_work(app, world.agencies["alpha"]) as session, app.test_request_context():
        first = apply_places.services_for(session, place, zip_code="94401")
        assert apply_places._match_cache()
        apply_places.forget_matches()
        assert not apply_places._match_cache()
        assert apply_places.services_for(session, place, zip_code="94401") == first


def test_why_a_service_is_listed_is_said_in_each_readers_language(app, world, directory):
    # The matches are kept for every reader; their reasons are worded when shown.
    place = apply_places.Place("x", "X", (), ("Food Pantry",), ())
    found = {}
    for language in ("en", "es"):
        with (app.test_request_context(headers={"Accept-Language": language}),
              unit_of_work(app, world.agencies["alpha"]) as session):
            found[language] = apply_places.services_for(session, place, zip_code="94019")
    english, spanish = found["en"], found["es"]
    assert [s.id for s in english] == [s.id for s in spanish]
    assert "food pantry · 20.9 km · open Saturdays · free" in [s.why for s in english]
    assert "food pantry · 20.9 km · abierto sábado · gratis" in [s.why for s in spanish]
