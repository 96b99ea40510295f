"""Households for the benefits tests, written the way the API receives them."""

from __future__ import annotations

from datetime import date

import pytest

from carebridge.benefits import facts, household, poverty

AS_OF = date(2024, 6, 1)


def person(relationship="self", age=30, income=(), **flags):
    """A person with every fact known (no income unless given; None: don't know)."""
    known = {"pregnant": False, "disabled": False, "student": False,
             "immigration_status": "citizen"}
    return {"relationship": relationship, "age": age,
            "income": {} if income == () else income, **known, **flags}


def family(*members, state="CA", county="San Mateo", zip="94401", expenses=None):
    return {"state": state, "county": county, "zip": zip, "members": list(members),
            "expenses": expenses if expenses is not None else
            {"rent": 0, "utilities": 0, "child_care": 0, "medical": 0}}


def facts_of(data, as_of=AS_OF):
    parsed = household.parse(data, as_of)
    return facts.compute(parsed, as_of, poverty.PovertyGuidelines.load(poverty.SHIPPED))


@pytest.fixture
def guidelines():
    return poverty.PovertyGuidelines.load(poverty.SHIPPED)


# -- clients, intakes and apps for the pages and the API -------------------------------------

@pytest.fixture
def app(database_url, tmp_path):
    """The test app with only the agency-programs engine (no background engine, no job)."""
    from carebridge.db import database
    from tests.conftest import test_app

    app = test_app(database_url, tmp_path / "instance", BENEFIT_ENGINES=["agency"])
    yield app
    database(app).engine.dispose()


def make_client(app, agency_id: int, **fields) -> str:
    """A client row of ``agency_id`` (until the clients feature's pages make them)."""
    from carebridge.clients.models import Client
    from carebridge.unit_of_work import unit_of_work

    with unit_of_work(app, agency_id) as session:
        client = Client(**{"given_name": "Maria", "family_name": "Lopez", "state": "CA",
                           "postal_code": "94401", **fields})
        session.add(client)
        session.flush()
        return client.id


def add_intake(app, agency_id: int, client_id: str, answers: dict) -> str:
    """An adult intake submission for the client, as the intake page would store it."""
    import json
    from pathlib import Path

    from carebridge.forms import service
    from carebridge.forms.models import Submission
    from carebridge.unit_of_work import unit_of_work

    path = Path(__file__).parents[2] / "form_definitions" / "instruments" / "adult-intake.json"
    with unit_of_work(app, agency_id) as session:
        _definition, version, _created = service.publish(
            session, json.loads(path.read_text(encoding="utf-8")), user_id=None)
        submission = Submission(form_version_id=version.id, data=answers, client_id=client_id)
        session.add(submission)
        session.flush()
        return submission.id


def add_program(app, agency_id: int, document: dict) -> None:
    from carebridge.benefits import catalog
    from carebridge.unit_of_work import unit_of_work

    with unit_of_work(app, agency_id) as session:
        catalog.save_program(session, document, user_id=None)


RENT_HELP = {
    "id": "rent-help", "name": "Emergency rental assistance",
    "rule": {"properties": {"income_percent_of_poverty": {"maximum": 200},
                            "county": {"const": "San Mateo"}}},
    "value": {"amount": 1500, "period": "once"},
}
FOOD = {
    "id": "food-pantry", "name": "Food bank weekly groceries",
    "rule": {"properties": {"income_percent_of_poverty": {"maximum": 300}}},
    "value": {"amount": 160, "period": "month"},
}
