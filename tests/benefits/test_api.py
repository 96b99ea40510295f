"""The benefits API: screening a household (kept, cached, on a client's file), following a slow
screening, and each agency's own programs — none of them visible to another agency."""

import counting_engine_plugin
import pytest

from tests.benefits.conftest import FOOD, RENT_HELP, add_program, family, make_client, person
from tests.conftest import test_app

SCREEN = "/api/v1/benefits/screen"
PROGRAMS = "/api/v1/benefits/programs"


def screen(client, world, household, agency="alpha", **extra):
    return client.post(SCREEN, json={"household": household, **extra},
                       headers=world.headers(agency, "care_manager"))


def test_a_household_is_screened_with_the_agencys_own_programs(client, world):
    add_program(world.app, world.agencies["alpha"], RENT_HELP)
    add_program(world.app, world.agencies["alpha"], FOOD)
    answer = screen(client, world, family(person(income={"employment": 1500}),
                                          person("child", 4)))
    assert answer.status_code == 200
    body = answer.json
    assert body["status"] == "done"
    by_id = {p["id"]: p for p in body["programs"]}
    assert by_id["rent-help"]["status"] == "likely_eligible"
    assert by_id["rent-help"]["estimated_value"] == {"amount": 1500, "period": "once"}
    assert by_id["food-pantry"]["engine"] == "agency"
    assert body["totals"] == {"likely_monthly_value": 160}
    assert body["poverty_guideline"]["year"] >= 2025
    assert "not a determination" in body["disclaimer"]
    assert "Income is" in by_id["rent-help"]["reasons"][0]


def test_reasons_are_strings_in_the_requests_language(client, world):
    add_program(world.app, world.agencies["alpha"], RENT_HELP)
    household = family(person(income={"employment": 1500}), person("child", 4))
    english = screen(client, world, household).json
    assert english["programs"][0]["reasons"][0].startswith("Income is ")
    fetched = client.get(english["url"], headers={**world.headers("alpha", "care_manager"),
                                                  "Accept-Language": "es"}).json
    reasons = fetched["programs"][0]["reasons"]
    assert all(isinstance(reason, str) for reason in reasons)
    assert reasons[0].startswith("Los ingresos son el ")
    assert "; el límite es 200%." in reasons[0]
    assert "El condado: San Mateo; debe ser San Mateo." in reasons
    again = client.get(english["url"], headers=world.headers("alpha", "care_manager")).json
    assert again["programs"][0]["reasons"] == english["programs"][0]["reasons"]


def test_reasons_kept_as_plain_sentences_are_answered_as_they_are(client, world):
    from sqlalchemy import select

    from carebridge.benefits.models import BenefitScreening
    from carebridge.unit_of_work import unit_of_work

    add_program(world.app, world.agencies["alpha"], FOOD)
    body = screen(client, world, family(person(income={"employment": 900}))).json
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        kept = session.scalars(select(BenefitScreening)).one()
        programs = [{**p, "reasons": ["An English sentence kept before."]}
                    for p in kept.result["programs"]]
        kept.result = {**kept.result, "programs": programs}
    fetched = client.get(body["url"], headers={**world.headers("alpha", "care_manager"),
                                               "Accept-Language": "es"}).json
    assert fetched["programs"][0]["reasons"] == ["An English sentence kept before."]


def test_missing_income_makes_income_tested_programs_unknown(client, world):
    add_program(world.app, world.agencies["alpha"], RENT_HELP)
    body = screen(client, world, family(person(income={"employment": 900}),
                                        person("spouse", 40, income=None))).json
    program = body["programs"][0]
    assert program["status"] == "unknown"
    assert program["missing"] == ["/members/1/income"]
    assert body["poverty_guideline"]["percent"] is None


def test_a_bad_household_is_422_with_pointers_into_the_body(client, world):
    answer = screen(client, world, {"state": "CA", "members": [{"relationship": "child"}]})
    assert answer.status_code == 422
    assert answer.json["errors"][0]["pointer"].startswith("/household/members")


@pytest.mark.postgres
def test_the_same_household_and_rules_again_answer_with_the_kept_screening(client, world):
    add_program(world.app, world.agencies["alpha"], FOOD)
    first = screen(client, world, family(person(income={"employment": 1000}))).json
    again = screen(client, world, family(person(income={"employment": 1000.0, "ssi": 0}))).json
    assert (again["id"], again["reused"]) == (first["id"], True)
    changed = screen(client, world, family(person(income={"employment": 1001}))).json
    assert changed["id"] != first["id"]
    add_program(world.app, world.agencies["alpha"], {**FOOD, "name": "Groceries"})
    new_rules = screen(client, world, family(person(income={"employment": 1000}))).json
    assert new_rules["id"] != first["id"] and new_rules["rules_version"] != first["rules_version"]


def test_a_screening_for_a_client_is_kept_on_their_file(client, world):
    client_id = make_client(world.app, world.agencies["alpha"])
    body = screen(client, world, family(person()), client_id=client_id).json
    assert body["client_id"] == client_id
    fetched = client.get(body["url"], headers=world.headers("alpha", "care_manager"))
    assert fetched.status_code == 200 and fetched.json["id"] == body["id"]


@pytest.mark.postgres
def test_another_agencys_client_and_screenings_are_not_found(client, world):
    theirs = make_client(world.app, world.agencies["beta"])
    assert screen(client, world, family(person()), client_id=theirs).status_code == 404
    ours = screen(client, world, family(person())).json
    other = client.get(ours["url"], headers=world.headers("beta", "care_manager"))
    assert other.status_code == 404


def test_a_slow_engine_answers_202_and_the_poll_url_completes(world, database_url, tmp_path):
    counting_engine_plugin.CountingEngine.runs = 0
    app = test_app(database_url, tmp_path / "slow", PLUGINS=["counting_engine_plugin"],
                   BENEFIT_ENGINES=["agency", "counting"])
    client = app.test_client()
    answer = screen(client, world, family(person(income={"employment": 800})))
    assert answer.status_code == 202
    assert answer.headers["Location"] == answer.json["poll"]
    assert answer.json["pending_engines"] == ["counting"]
    still = client.get(answer.json["poll"], headers=world.headers("alpha", "care_manager"))
    assert still.json["status"] == "working"  # no worker has taken the job yet
    from carebridge import jobs

    queue = jobs.queue(app)
    job_id = answer.json["job"]
    record = queue._read(job_id)
    queue._run(job_id, record.name, _payload_of(answer.json))
    done = client.get(answer.json["poll"], headers=world.headers("alpha", "care_manager")).json
    assert done["status"] == "done"
    assert [p["id"] for p in done["programs"]] == ["cash"]
    assert done["totals"] == {"likely_monthly_value": 250}


def _payload_of(body) -> str:
    import json

    return json.dumps([[body["household"], body["as_of"], ["counting"]], {}])


@pytest.mark.postgres
def test_programs_are_added_listed_replaced_and_retired(client, world):
    manage = world.headers("alpha", "admin")
    created = client.post(PROGRAMS, json=RENT_HELP, headers=manage)
    assert created.status_code == 201 and created.json["version"]
    assert client.post(PROGRAMS, json=RENT_HELP, headers=manage).status_code == 409
    listed = client.get(PROGRAMS, headers=world.headers("alpha", "care_manager")).json
    assert [p["id"] for p in listed["programs"]] == ["rent-help"]
    assert "income_percent_of_poverty" in {f["name"] for f in listed["facts"]}
    replaced = client.put(f"{PROGRAMS}/rent-help", json={**RENT_HELP, "name": "Rent relief"},
                          headers=manage)
    assert replaced.status_code == 200 and replaced.json["name"] == "Rent relief"
    assert replaced.json["version"] != created.json["version"]
    new = client.put(f"{PROGRAMS}/food-pantry", json=FOOD, headers=manage)
    assert new.status_code == 201
    assert client.delete(f"{PROGRAMS}/food-pantry", headers=manage).status_code == 204
    assert client.get(f"{PROGRAMS}/food-pantry", headers=manage).status_code == 404


def test_a_rule_with_an_undocumented_fact_is_refused_with_a_suggestion(client, world):
    bad = {**RENT_HELP, "rule": {"properties": {"income_percent_of_povrty": {"maximum": 200}}}}
    answer = client.post(PROGRAMS, json=bad, headers=world.headers("alpha", "admin"))
    assert answer.status_code == 422
    assert "income_percent_of_poverty" in answer.json["errors"][0]["message"]


def test_a_program_naming_a_service_not_in_the_directory_is_refused(client, world):
    answer = client.post(PROGRAMS, json={**FOOD, "services": ["no-such-service"]},
                         headers=world.headers("alpha", "admin"))
    assert answer.status_code == 422
    assert answer.json["errors"][0]["pointer"] == "/services/0"


@pytest.mark.postgres
def test_another_agencys_programs_are_invisible_and_unscreened(client, world):
    add_program(world.app, world.agencies["beta"], RENT_HELP)
    assert client.get(f"{PROGRAMS}/rent-help",
                      headers=world.headers("alpha", "admin")).status_code == 404
    assert client.get(PROGRAMS, headers=world.headers("alpha", "admin")).json["programs"] == []
    assert screen(client, world, family(person())).json["programs"] == []
    # The same id in another agency is that agency's own program.
    assert client.post(PROGRAMS, json=RENT_HELP,
                       headers=world.headers("alpha", "admin")).status_code == 201


@pytest.mark.parametrize("role, method, path, status", [
    ("intake", "post", SCREEN, 403),
    ("directory_editor", "get", PROGRAMS, 403),
    ("care_manager", "post", PROGRAMS, 403),
    ("care_manager", "put", f"{PROGRAMS}/rent-help", 403),
])
def test_roles_without_the_permission_are_refused(client, world, role, method, path, status):
    answer = getattr(client, method)(path, json={}, headers=world.headers("alpha", role))
    assert answer.status_code == status


def test_without_a_token_the_api_is_401(client, world):
    assert client.post(SCREEN, json={}).status_code == 401


def test_program_names_and_the_disclaimer_are_in_the_requests_language(client, world):
    from sqlalchemy import select

    from carebridge.benefits.models import BenefitScreening
    from carebridge.benefits.reasons import Reason
    from carebridge.unit_of_work import unit_of_work

    add_program(world.app, world.agencies["alpha"], FOOD)
    body = screen(client, world, family(person(income={"employment": 900}))).json
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        kept = session.scalars(select(BenefitScreening)).one()
        programs = [{**p, "name": Reason("SNAP (food stamps)").as_dict()}
                    for p in kept.result["programs"]]
        kept.result = {**kept.result, "programs": programs}
    spanish = client.get(body["url"], headers={**world.headers("alpha", "care_manager"),
                                               "Accept-Language": "es"}).json
    assert spanish["programs"][0]["name"] == "SNAP (cupones de alimentos)"
    assert spanish["disclaimer"].startswith("Esto es una evaluación preliminar, no una ")
    english = client.get(body["url"], headers=world.headers("alpha", "care_manager")).json
    assert english["programs"][0]["name"] == "SNAP (food stamps)"
    assert english["disclaimer"].startswith("This is a screening, not a determination")


def test_the_facts_a_rule_may_use_are_described_in_the_requests_language(client, world):
    headers = world.headers("alpha", "admin")
    english = client.get(PROGRAMS, headers=headers).json["facts"]
    spanish = client.get(PROGRAMS, headers={**headers, "Accept-Language": "es"}).json["facts"]
    described = {f["name"]: f["description"] for f in spanish}
    assert described["household_size"] == "Número de personas en el hogar."
    assert described["annual_income"] == "monthly_income × 12."  # names of facts stay
    assert [f["name"] for f in english] == [f["name"] for f in spanish]
    assert {f["name"]: f["description"] for f in english}["household_size"] == (
        "Number of people in the household.")
