"""The care plan pages: a client's plans, starting one, a plan's page with its goals, tasks,
sign-off and history, its print view, inline date errors — and other agencies get 404."""

from __future__ import annotations

import re

import pytest

from tests.careplans.conftest import days, make_client


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def manager(client, auth, shipped):
    auth.login(shipped.email("alpha", "care_manager"))
    return client


def start_plan(manager, client_id) -> str:
    page = manager.get(f"/clients/{client_id}/care-plans").get_data(as_text=True)
    response = manager.post(f"/clients/{client_id}/care-plans", data={
        "csrf_token": token(page), "template": "care-plan", "start_date": days(0)})
    assert response.status_code == 303
    return response.headers["Location"]


def test_a_care_manager_starts_a_plan_and_sees_its_goals_and_tasks(manager, maria):
    page = manager.get(f"/clients/{maria}/care-plans").get_data(as_text=True)
    assert "No care plan yet." in page and "Start the plan" in page
    location = start_plan(manager, maria)
    page = manager.get(location).get_data(as_text=True)
    assert "Have enough food for the household every week." in page
    assert "Help the client apply for CalFresh" in page
    assert "Version 1" in page and "The client has not signed this plan yet." in page
    listing = manager.get(f"/clients/{maria}/care-plans").get_data(as_text=True)
    assert "3 goals" in listing


def test_updating_a_goal_adds_a_note_and_a_version(manager, maria):
    location = start_plan(manager, maria)
    page = manager.get(location).get_data(as_text=True)
    goal_id = re.search(r'/goals/(\d+)"', page).group(1)
    response = manager.post(f"{location}/goals/{goal_id}", data={
        "csrf_token": token(page), "status": "active", "note": "Pantry visit booked."})
    assert response.status_code == 303
    page = manager.get(location).get_data(as_text=True)
    assert "Pantry visit booked." in page and "Version 2" in page
    assert "proposed → active" in page


def test_a_review_date_before_the_start_is_shown_beside_the_field(manager, maria):
    location = start_plan(manager, maria)
    page = manager.get(location).get_data(as_text=True)
    response = manager.post(location, data={"csrf_token": token(page),
                                            "start_date": days(0), "review_date": days(-5)})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert 'id="plan-review-error"' in text
    assert "The review date cannot be before the plan starts" in text


def test_the_client_signs_and_the_plan_prints(manager, maria):
    location = start_plan(manager, maria)
    page = manager.get(location).get_data(as_text=True)
    manager.post(f"{location}/sign", data={"csrf_token": token(page), "kind": "typed_name",
                                           "name": "María López"})
    page = manager.get(location).get_data(as_text=True)
    assert "Signed by María López" in page
    printed = manager.get(f"{location}/print").get_data(as_text=True)
    assert "Agreed by María López" in printed and "Who does what, by when" in printed
    assert "<form" not in printed


def test_another_agencys_plans_are_not_found(client, auth, app, shipped, maria):
    auth.login(shipped.email("alpha", "care_manager"))
    location = start_plan(client, maria)
    plan_id = location.rsplit("/", 1)[1]
    auth.logout()
    auth.login(shipped.email("beta", "care_manager"))
    assert client.get(location).status_code == 404
    assert client.get(f"{location}/print").status_code == 404
    assert client.get(f"/clients/{maria}/care-plans").status_code == 404
    page = client.get("/tasks").get_data(as_text=True)
    assert "CalFresh" not in page
    beta = shipped.headers("beta", "care_manager")
    assert client.get(f"/api/v1/care-plans/{plan_id}", headers=beta).status_code == 404
    assert client.patch(f"/api/v1/care-plans/{plan_id}", json={"review_date": days(9)},
                        headers=beta).status_code == 404
    assert client.post(f"/api/v1/care-plans/{plan_id}/sign", json={"kind": "verbal"},
                       headers=beta).status_code == 404
    assert client.post(f"/api/v1/clients/{maria}/care-plans", json={"template": "care-plan"},
                       headers=beta).status_code == 404
    assert client.get(f"/api/v1/clients/{maria}/care-plans", headers=beta).status_code == 404
    other = make_client(app, shipped, "beta")
    assert client.get(f"/clients/{other}/care-plans").status_code == 200


HTMX = {"HX-Request": "true"}


def test_a_goal_updated_with_htmx_comes_back_alone(manager, maria):
    location = start_plan(manager, maria)
    page = manager.get(location).get_data(as_text=True)
    goal_id = re.search(r'/goals/(\d+)"', page).group(1)
    response = manager.post(f"{location}/goals/{goal_id}", headers=HTMX, data={
        "csrf_token": token(page), "status": "achieved", "note": "Has CalFresh now."})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert f'id="goal-{goal_id}"' in fragment and "Has CalFresh now." in fragment
    assert 'class="status status-achieved"' in fragment


def test_a_task_done_with_htmx_redraws_the_lists(manager, app, shipped, maria):
    location = start_plan(manager, maria)
    page = manager.get("/tasks").get_data(as_text=True)
    task_id = re.search(r'/tasks/(\d+)/status', page).group(1)
    response = manager.post(f"/tasks/{task_id}/status", headers=HTMX, data={
        "csrf_token": token(page), "status": "done", "next": "/tasks"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and 'id="group-overdue"' in fragment
    assert f"/tasks/{task_id}/status" not in fragment
    assert location


def test_fragments_of_another_agency_are_not_found(client, auth, shipped, maria):
    auth.login(shipped.email("alpha", "care_manager"))
    location = start_plan(client, maria)
    page = client.get(location).get_data(as_text=True)
    goal_id = re.search(r'/goals/(\d+)"', page).group(1)
    task_id = re.search(r'/tasks/(\d+)/status', client.get("/tasks").get_data(as_text=True)
                        ).group(1)
    auth.logout()
    auth.login(shipped.email("beta", "care_manager"))
    csrf = token(client.get("/tasks").get_data(as_text=True))
    assert client.post(f"{location}/goals/{goal_id}", headers=HTMX,
                       data={"csrf_token": csrf, "status": "achieved"}).status_code == 404
    assert client.post(f"/tasks/{task_id}/status", headers=HTMX,
                       data={"csrf_token": csrf, "status": "done"}).status_code == 404
    assert client.get("/tasks", headers=HTMX).status_code == 200
    assert "CalFresh" not in client.get("/tasks", headers=HTMX).get_data(as_text=True)


def test_a_reminder_button_appears_for_the_clients_tasks_once_they_agreed(manager, shipped,
                                                                          maria):
    location = start_plan(manager, maria)
    assert "E-mail the client a reminder" not in manager.get(location).get_data(as_text=True)
    manager.put(f"/api/v1/clients/{maria}/reminder-consent",
                json={"channel": "email", "agreed": True},
                headers=shipped.headers("alpha", "care_manager"))
    page = manager.get(location).get_data(as_text=True)
    assert page.count("E-mail the client a reminder") == 3  # the client's three tasks
