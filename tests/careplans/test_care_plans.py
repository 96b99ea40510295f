"""Care plans from templates: goals and tasks from the template, date rules, goal statuses and
progress notes, the client's sign-off, every change kept as a version, audited reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.careplans.conftest import agency_today, care_plan_templates, days, make_client

pytestmark = pytest.mark.postgres  # the figures and rows on both databases


def create(client, world, client_id, body=None, role="care_manager", agency="alpha"):
    return client.post(f"/api/v1/clients/{client_id}/care-plans",
                       json=body or {"template": "care-plan"},
                       headers=world.headers(agency, role))


def test_the_shipped_care_plan_is_a_template():
    assert care_plan_templates() == ["care-plan"]


@pytest.mark.parametrize("template", care_plan_templates())
def test_a_plan_from_every_shipped_template_has_its_goals_and_tasks(client, shipped, maria,
                                                                    template):
    start = agency_today()
    response = create(client, shipped, maria, {"template": template})
    assert response.status_code == 201
    plan = response.json
    assert plan["template"] == template and plan["client_id"] == maria
    # The shipped template's own needs: food, housing, mental health — a goal each.
    assert [g["need"] for g in plan["goals"]] == ["food", "housing", "mental_health"]
    food = plan["goals"][0]
    assert food["status"] == "proposed"
    assert food["measurable_outcome"].startswith("Receives CalFresh")
    assert food["target_date"] == (start + timedelta(days=60)).isoformat()
    assert food["interventions"]
    titles = {t["title"]: t for t in plan["tasks"]}
    assert titles["Help the client apply for CalFresh"]["due"] == days(14)
    assert titles["Visit the food pantry once"]["responsible"] == "client"
    assert titles["Give the client a copy of the plan"]["due"] == days(2)
    for task in plan["tasks"]:
        assert set(task) >= {"id", "title", "due", "status", "owner"}
        assert task["status"] == "to_do"
        assert task["owner"]["id"] == shipped.users[("alpha", "care_manager")]
    assert plan["review_date"] == days(90)
    assert plan["version"] == 1 and plan["signed"] is None


def test_a_plan_can_start_from_the_clients_open_needs(client, shipped, maria):
    plan = create(client, shipped, maria, {"template": "care-plan", "from_open_needs": True}).json
    # A goal per open need: the template's suggestion for food, a plain goal for legal help.
    assert [g["need"] for g in plan["goals"]] == ["food", "legal"]
    assert plan["goals"][1]["statement"] == "Address the need: legal"


def test_starting_from_open_needs_needs_some(client, app, shipped):
    nobody = make_client(app, shipped, needs=())
    response = create(client, shipped, nobody, {"template": "care-plan", "from_open_needs": True})
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "/from_open_needs"


def test_an_unknown_or_non_plan_template_is_refused(client, shipped, maria):
    assert create(client, shipped, maria, {"template": "nope"}).status_code == 404
    response = create(client, shipped, maria, {"template": "phq-9"})
    assert response.status_code == 422 and response.json["errors"][0]["pointer"] == "/template"


def test_a_review_date_before_the_start_is_a_clear_error(client, shipped, maria):
    plan = create(client, shipped, maria).json
    response = client.patch(f"/api/v1/care-plans/{plan['id']}",
                            json={"review_date": days(-1)},
                            headers=shipped.headers("alpha", "care_manager"))
    assert response.status_code == 422
    problem = response.json["errors"][0]
    assert problem["pointer"] == "/review_date"
    assert "cannot be before the plan starts" in problem["message"]
    again = client.get(f"/api/v1/care-plans/{plan['id']}",
                       headers=shipped.headers("alpha", "care_manager")).json
    assert again["review_date"] == plan["review_date"] and again["version"] == 1


def test_a_task_due_before_the_start_is_a_clear_error(client, shipped, maria):
    plan = create(client, shipped, maria).json
    headers = shipped.headers("alpha", "care_manager")
    response = client.post(f"/api/v1/care-plans/{plan['id']}/tasks",
                           json={"title": "Call the landlord", "due": days(-3)}, headers=headers)
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "/due"
    task = plan["tasks"][0]
    response = client.patch(f"/api/v1/care-plans/{plan['id']}/tasks/{task['id']}",
                            json={"due": days(-3)}, headers=headers)
    assert response.status_code == 422
    # Moving the start after an open task's due date is refused too.
    response = client.patch(f"/api/v1/care-plans/{plan['id']}",
                            json={"start_date": days(30)}, headers=headers)
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"].startswith("/tasks/")


def test_goals_change_status_and_keep_progress_notes(client, shipped, maria):
    headers = shipped.headers("alpha", "care_manager")
    plan = create(client, shipped, maria).json
    goal = plan["goals"][0]
    url = f"/api/v1/care-plans/{plan['id']}/goals/{goal['id']}"
    response = client.patch(url, json={"status": "active", "note": "Applied for CalFresh."},
                            headers=headers)
    assert response.status_code == 200
    assert response.json["status"] == "active"
    client.patch(url, json={"status": "achieved", "note": "Benefits arrived."}, headers=headers)
    goal = client.get(f"/api/v1/care-plans/{plan['id']}", headers=headers).json["goals"][0]
    assert goal["status"] == "achieved"
    assert [n["text"] for n in goal["notes"]] == ["Applied for CalFresh.", "Benefits arrived."]
    assert client.patch(url, json={"status": "finished"}, headers=headers).status_code == 422
    added = client.post(f"/api/v1/care-plans/{plan['id']}/goals", headers=headers, json={
        "statement": "Keep a budget", "measurable_outcome": "A written budget",
        "target_date": days(30)})
    assert added.status_code == 201 and added.json["status"] == "proposed"


def test_every_change_is_kept_as_a_version(client, shipped, maria):
    headers = shipped.headers("alpha", "care_manager")
    plan = create(client, shipped, maria).json
    client.patch(f"/api/v1/care-plans/{plan['id']}", json={"review_date": days(60)},
                 headers=headers)
    client.patch(f"/api/v1/care-plans/{plan['id']}/goals/{plan['goals'][0]['id']}",
                 json={"status": "active"}, headers=headers)
    client.post(f"/api/v1/tasks/{plan['tasks'][0]['id']}/status", json={"status": "done"},
                headers=headers)
    versions = client.get(f"/api/v1/care-plans/{plan['id']}/versions", headers=headers).json
    numbers = [v["number"] for v in versions["versions"]]
    assert numbers == [4, 3, 2, 1]
    first, latest = versions["versions"][-1], versions["versions"][0]
    assert first["plan"]["review_date"] == days(90)
    assert latest["plan"]["review_date"] == days(60)
    assert latest["plan"]["goals"][0]["status"] == "active"
    assert "done" in latest["summary"]
    assert first["plan"]["goals"][0]["status"] == "proposed"  # the past is not rewritten


def test_the_client_signs_by_typed_name_or_verbal_consent(client, shipped, maria):
    headers = shipped.headers("alpha", "care_manager")
    plan = create(client, shipped, maria).json
    url = f"/api/v1/care-plans/{plan['id']}/sign"
    assert client.post(url, json={"kind": "typed_name", "name": " "},
                       headers=headers).status_code == 422
    signed = client.post(url, json={"kind": "typed_name", "name": "María López"},
                         headers=headers).json
    assert signed["signed"]["name"] == "María López"
    assert signed["signed"]["kind"] == "typed_name" and signed["signed"]["version"] == 2
    verbal = client.post(url, json={"kind": "verbal"}, headers=headers).json
    assert verbal["signed"] == {**verbal["signed"], "kind": "verbal", "name": "María López"}


def test_reading_a_plan_is_audited(app, client, shipped, maria):
    plan = create(client, shipped, maria).json
    client.get(f"/api/v1/care-plans/{plan['id']}", headers=shipped.headers("alpha", "admin"))
    with unit_of_work(app, ALL_AGENCIES) as session:
        reads = session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "CarePlan", AuditEvent.action == "read")).all()
        assert [e.user_id for e in reads] == [shipped.users[("alpha", "admin")]]


def test_roles_without_care_plans_cannot_make_one(client, shipped, maria):
    assert create(client, shipped, maria, role="intake").status_code == 403
    assert create(client, shipped, maria, role="directory_editor").status_code == 403
