"""Programs and enrolments: an admin defines the agency's programs; care managers enrol clients
and exit them with a reason, on the client file (htmx or plain forms) and through the API; the
history is kept and shown on the timeline; other agencies see none of it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.programs.models import Enrolment, Program
from carebridge.programs.service import add_program
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.careplans.conftest import make_client
from tests.conftest import csrf_token


@pytest.fixture
def programs(app, world):
    """Alpha runs housing and behavioral health, and has retired its winter shelter."""
    made = {}
    with unit_of_work(app, world.agencies["alpha"]) as session:
        from carebridge.auth.models import User

        admin = session.get(User, world.users[("alpha", "admin")])
        for code, name, active in (("housing", "Housing stability", True),
                                   ("behavioral_health", "Behavioral health", True),
                                   ("winter_shelter", "Winter shelter", False)):
            made[code] = add_program(session, {"code": code, "name": name, "active": active},
                                     user=admin).id
    return made


@pytest.fixture
def ana(app, world):
    return make_client(app, world, given="Ana")


def enrol(client, world, client_id, body, role="care_manager", agency="alpha"):
    return client.post(f"/api/v1/clients/{client_id}/programs", json=body,
                       headers=world.headers(agency, role))


def test_a_client_may_be_in_several_programs_and_the_history_is_kept(client, world, programs,
                                                                      ana):
    housing = enrol(client, world, ana, {"program": "housing", "start_date": "2026-01-05"})
    assert housing.status_code == 201
    assert housing.json["program"]["code"] == "housing"
    assert housing.json["period"] == {"start": "2026-01-05", "end": None}
    assert housing.json["status"] == "active"
    assert housing.json["enrolled_by"]["name"] == "care_manager@alpha.example.org"
    assert enrol(client, world, ana, {"program": "behavioral_health",
                                      "start_date": "2026-02-01"}).status_code == 201
    exited = client.post(f"/api/v1/clients/{ana}/programs/{housing.json['id']}/exit",
                         json={"end_date": "2026-03-31", "exit_reason": "Housed."},
                         headers=world.headers("alpha", "care_manager"))
    assert exited.status_code == 200
    assert exited.json["status"] == "finished"
    assert exited.json["period"] == {"start": "2026-01-05", "end": "2026-03-31"}
    assert exited.json["exit_reason"] == "Housed."
    # Back in housing later: a second stay, the first one kept.
    assert enrol(client, world, ana, {"program": "housing",
                                      "start_date": "2026-06-01"}).status_code == 201
    listed = client.get(f"/api/v1/clients/{ana}/programs",
                        headers=world.headers("alpha", "care_manager")).json["enrolments"]
    assert [(e["program"]["code"], e["period"]["start"], e["period"]["end"])
            for e in listed] == [("housing", "2026-06-01", None),
                                 ("behavioral_health", "2026-02-01", None),
                                 ("housing", "2026-01-05", "2026-03-31")]


def test_the_rules_of_enrolling_and_exiting(client, world, programs, ana):
    assert enrol(client, world, ana, {"program": "winter_shelter"}).status_code == 422
    assert enrol(client, world, ana, {"program": "nothing"}).status_code == 422
    assert enrol(client, world, ana, {"program": "housing",
                                      "start_date": "March"}).status_code == 422
    first = enrol(client, world, ana, {"program": "housing", "start_date": "2026-01-05"}).json
    again = enrol(client, world, ana, {"program": "housing", "start_date": "2026-02-01"})
    assert again.status_code == 409 and "already enrolled" in again.json["message"]
    url = f"/api/v1/clients/{ana}/programs/{first['id']}/exit"
    headers = world.headers("alpha", "care_manager")
    assert client.post(url, json={"end_date": "2026-03-01"},
                       headers=headers).status_code == 422  # a reason is required
    assert client.post(url, json={"end_date": "2025-12-31", "exit_reason": "x"},
                       headers=headers).status_code == 422  # before the start
    assert client.post(url, json={"end_date": "2026-03-01", "exit_reason": "Housed."},
                       headers=headers).status_code == 200
    assert client.post(url, json={"exit_reason": "Again"}, headers=headers).status_code == 409
    # Overlapping the stay that ended on March 1 is refused; after it, fine.
    assert enrol(client, world, ana, {"program": "housing",
                                      "start_date": "2026-03-01"}).status_code == 409
    assert enrol(client, world, ana, {"program": "housing",
                                      "start_date": "2026-03-02"}).status_code == 201


def test_admins_define_programs_on_their_page(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    token = csrf_token(client, "/agency/programs")
    answer = client.post("/agency/programs", data={"code": "housing", "name": "Housing stability",
                                                   "csrf_token": token})
    assert answer.status_code == 303
    page = client.get("/agency/programs").get_data(as_text=True)
    assert "Housing stability" in page and "<code>housing</code>" in page
    duplicate = client.post("/agency/programs", data={"code": "housing", "name": "Again",
                                                      "csrf_token": token})
    assert duplicate.status_code == 422
    assert "already a program" in duplicate.get_data(as_text=True)
    assert client.post("/agency/programs", data={"code": "Bad Code", "name": "x",
                                                 "csrf_token": token}).status_code == 422
    with unit_of_work(client.application, world.agencies["alpha"]) as session:
        program_id = session.scalar(select(Program.id).where(Program.code == "housing"))
    assert client.post(f"/agency/programs/{program_id}", data={
        "name": "Housing first", "description": "", "active": "0",
        "csrf_token": token}).status_code == 303
    with unit_of_work(client.application, world.agencies["alpha"]) as session:
        program = session.get(Program, program_id)
        assert (program.name, program.active, program.code) == ("Housing first", False,
                                                                 "housing")
    # Only admins manage programs; care managers see their clients' programs.
    auth.logout()
    auth.login(world.email("alpha", "care_manager"))
    assert client.get("/agency/programs").status_code == 403
    assert client.post("/api/v1/programs", json={"code": "x1", "name": "X"},
                       headers=world.headers("alpha", "care_manager")).status_code == 403
    listed = client.get("/api/v1/programs", headers=world.headers("alpha", "care_manager"))
    assert [p["code"] for p in listed.json["programs"]] == ["housing"]


def _file(client, client_id):
    return client.get(f"/clients/{client_id}").get_data(as_text=True)


def test_enrol_and_exit_on_the_client_file_without_javascript(client, auth, world, programs,
                                                              ana):
    auth.login(world.email("alpha", "care_manager"))
    page = _file(client, ana)
    assert 'id="section-programs"' in page and "Not enrolled in any program." in page
    assert "Winter shelter" not in page  # retired: not offered
    token = csrf_token(client, f"/clients/{ana}")
    answer = client.post(f"/clients/{ana}/programs", data={
        "program": "housing", "start_date": "2026-01-05", "csrf_token": token})
    assert answer.status_code == 303
    assert answer.location.endswith(f"/clients/{ana}#section-programs")
    page = _file(client, ana)
    enrolment = re.search(r'id="enrolment-(\d+)"', page).group(1)
    assert "2026-01-05" in page
    answer = client.post(f"/clients/{ana}/programs/{enrolment}/exit", data={
        "end_date": "2026-02-01", "exit_reason": "Moved away", "csrf_token": token})
    assert answer.status_code == 303
    page = _file(client, ana)
    assert "Moved away" in page
    # The timeline tells both.
    assert "Enrolled in Housing stability" in page and "Exited Housing stability" in page
    # A refusal comes back to the file with the reason.
    client.post(f"/clients/{ana}/programs", data={"program": "", "csrf_token": token})
    assert "The enrolment has problems" in _file(client, ana)


def test_htmx_swaps_the_programs_section_in_place(client, auth, world, programs, ana):
    auth.login(world.email("alpha", "care_manager"))
    token = csrf_token(client, f"/clients/{ana}")
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    answer = client.post(f"/clients/{ana}/programs", data={"program": "behavioral_health"},
                         headers=headers)
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="programs-area">')
    assert "Behavioral health" in html and "<html" not in html
    again = client.post(f"/clients/{ana}/programs", data={"program": "behavioral_health"},
                        headers=headers)
    assert again.status_code == 422
    assert 'role="alert"' in again.get_data(as_text=True)


def test_every_change_is_audited(app, client, world, programs, ana):
    made = enrol(client, world, ana, {"program": "housing"}).json
    client.post(f"/api/v1/clients/{ana}/programs/{made['id']}/exit",
                json={"exit_reason": "Done"}, headers=world.headers("alpha", "care_manager"))
    with unit_of_work(app, ALL_AGENCIES) as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "Enrolment").order_by(AuditEvent.id))]
    assert actions == ["create", "update"]


def test_other_agencies_get_404(client, world, programs, ana):
    made = enrol(client, world, ana, {"program": "housing"}).json
    beta = world.headers("beta", "care_manager")
    assert client.get(f"/api/v1/clients/{ana}/programs", headers=beta).status_code == 404
    assert client.post(f"/api/v1/clients/{ana}/programs", json={"program": "housing"},
                       headers=beta).status_code == 404
    assert client.post(f"/api/v1/clients/{ana}/programs/{made['id']}/exit",
                       json={"exit_reason": "x"}, headers=beta).status_code == 404
    assert client.get("/api/v1/programs", headers=beta).json["programs"] == []
    # Beta may use the same codes for its own programs.
    assert client.post("/api/v1/programs", json={"code": "housing", "name": "Beta housing"},
                       headers=world.headers("beta", "admin")).status_code == 201
    beta_client = make_client(client.application, world, "beta", given="Bo")
    assert enrol(client, world, beta_client, {"program": "housing"},
                 agency="beta").status_code == 201
    with unit_of_work(client.application, world.agencies["alpha"]) as session:
        assert len(list(session.scalars(select(Enrolment)))) == 1
