"""The demo agency's programs: three it runs and one retired, its demo clients enrolled (two in
two programs, one with finished stays), so the dashboard's program filter shows real numbers —
and a second run changes nothing."""

from __future__ import annotations

import json

from sqlalchemy import select

from carebridge.agencies import create_agency
from carebridge.auth.service import create_token, create_user
from carebridge.clients.demo import load_demo_clients
from carebridge.clients.models import Client, ClientNeed
from carebridge.forms import service as forms
from carebridge.programs.demo import load_demo_programs
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.careplans.conftest import INSTRUMENTS
from tests.conftest import PASSWORD


def test_the_demo_agency_runs_programs_its_clients_are_in(app, client):
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = create_agency(session, "demo", "Demo Community Care")
        create_user(session, agency, "cm@demo.example", "care_manager", PASSWORD)
        admin = create_user(session, agency, "admin@demo.example", "admin", PASSWORD)
        token = create_token(session, admin)
        agency_id = agency.id
    with unit_of_work(app, agency_id) as session:
        for path in sorted(INSTRUMENTS.glob("*.json")):
            forms.publish(session, json.loads(path.read_text()), user_id=None)
    with unit_of_work(app, ALL_AGENCIES) as session:
        list(load_demo_clients(session))
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert list(load_demo_programs(session)) == [
            "programs: 4 programs, 7 enrolments of the demo clients"]
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/programs", headers=headers).json["programs"]
    assert {p["code"]: p["active"] for p in listed} == {
        "care_coordination": True, "housing": True, "behavioral_health": True,
        "winter_shelter": False}
    # As of today: care coordination has María, James and Lan active, Walter closed.
    figures = client.get("/api/v1/reports/summary?program=care_coordination",
                         headers=headers).json
    assert figures["clients_active"] == 3
    assert figures["clients_by_status"] == {"active": 3, "closed": 1}
    housing = client.get("/api/v1/reports/summary?program=housing", headers=headers).json
    with unit_of_work(app, agency_id) as session:
        maria = session.scalar(select(Client).where(Client.given_name == "María"))
        her_needs = len(session.scalars(select(ClientNeed).where(
            ClientNeed.client_id == maria.id)).all())
    assert her_needs > 0
    assert housing["clients_active"] == 1 and housing["needs_identified"] == her_needs
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert list(load_demo_programs(session)) == [
            "programs: the demo agency already has programs (unchanged)"]
