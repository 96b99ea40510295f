"""Tasks: a worker's list (overdue, today, this week), the team's, status changes, and the
tasks that make themselves — a PHQ-9 re-assessment every 4 weeks while the total is 10 or more,
a high flag to acknowledge, the plan's review."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from carebridge.careplans.models import Task
from carebridge.forms import service as forms
from carebridge.forms.models import Submission
from carebridge.unit_of_work import hook_after_commit, unit_of_work
from tests.careplans.conftest import INSTRUMENTS, days, make_client

pytestmark = pytest.mark.postgres  # the figures and rows on both databases

PHQ_MODERATE = {"phq_1": 2, "phq_2": 2, "phq_3": 2, "phq_4": 2, "phq_5": 1, "phq_6": 1,
                "phq_7": 1, "phq_8": 1, "phq_9": 0}  # total 12
GAD7_TITLE = json.loads((INSTRUMENTS / "gad-7.json").read_text())["title"]
PHQ_MILD = {**PHQ_MODERATE, "phq_1": 0, "phq_2": 0, "phq_3": 0}  # total 6
PHQ_FLAGGED = {**PHQ_MILD, "phq_9": 1}


def submit_for(app, world, client_id, slug, answers, at=None, agency="alpha"):
    """A client's submission, stored as the form service stores one (its hook after commit)."""
    with unit_of_work(app, world.agencies[agency]) as session:
        version = forms.get_version(session, slug)
        submission = Submission(form_version_id=version.id, data=answers, client_id=client_id,
                                created_by_id=world.users[(agency, "care_manager")],
                                created_at=at or datetime.now(UTC))
        submission.agency_id = world.agencies[agency]
        session.add(submission)
        session.flush()
        hook_after_commit(session, "submission_created", submission=submission,
                          session=session)
        return submission.id


def tasks_of(app, world, client_id, agency="alpha"):
    with unit_of_work(app, world.agencies[agency]) as session:
        rows = session.scalars(select(Task).where(Task.client_id == client_id)
                               .order_by(Task.id)).all()
        return [(t.title, t.source, t.status, t.due.isoformat(), t.owner_id) for t in rows]


def test_a_moderate_phq9_schedules_a_reassessment_in_four_weeks(app, shipped, maria):
    at = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # 9 a.m. in California
    submit_for(app, shipped, maria, "phq-9", PHQ_MODERATE, at)
    assert tasks_of(app, shipped, maria) == [
        ("Re-assess: Patient Health Questionnaire (PHQ-9)", "reassessment", "to_do",
         "2026-03-30", shipped.users[("alpha", "care_manager")])]


def test_the_next_phq9_completes_it_and_a_mild_one_schedules_no_more(app, shipped, maria):
    # Afternoons in California (the agency's days are its own, not UTC's).
    submit_for(app, shipped, maria, "phq-9", PHQ_MODERATE, datetime(2026, 3, 2, 20, tzinfo=UTC))
    submit_for(app, shipped, maria, "phq-9", PHQ_MODERATE, datetime(2026, 3, 28, 20, tzinfo=UTC))
    submit_for(app, shipped, maria, "phq-9", PHQ_MILD, datetime(2026, 4, 25, 20, tzinfo=UTC))
    found = tasks_of(app, shipped, maria)
    assert [(source, status, due) for _, source, status, due, _ in found] == [
        ("reassessment", "done", "2026-03-30"),
        ("reassessment", "done", "2026-04-25"),
    ]


def test_an_instrument_without_a_schedule_makes_no_task(app, shipped, maria):
    submit_for(app, shipped, maria, "gad-7", {f"gad_{i}": 3 for i in range(1, 8)})
    assert [t for t in tasks_of(app, shipped, maria) if t[1] == "reassessment"] == []


def test_a_plan_can_schedule_a_reassessment_of_its_own(app, client, shipped, maria):
    plan = client.post(f"/api/v1/clients/{maria}/care-plans", json={"template": "care-plan"},
                       headers=shipped.headers("alpha", "care_manager")).json
    from carebridge.careplans.models import CarePlan

    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        session.get(CarePlan, plan["id"]).reassessments = [{"form": "gad-7", "every_days": 14}]
    submit_for(app, shipped, maria, "gad-7", {f"gad_{i}": 0 for i in range(1, 8)},
               datetime(2026, 3, 2, 20, tzinfo=UTC))
    found = [t for t in tasks_of(app, shipped, maria) if t[1] == "reassessment"]
    assert [(t[0], t[3]) for t in found] == [(f"Re-assess: {GAD7_TITLE}", "2026-03-16")]


def test_a_high_flag_makes_a_task_to_acknowledge_today(app, shipped, maria):
    submit_for(app, shipped, maria, "phq-9", PHQ_FLAGGED)
    flagged = [t for t in tasks_of(app, shipped, maria) if t[1] == "flag"]
    assert len(flagged) == 1
    assert flagged[0][0] == "Acknowledge: Thoughts of death or self-harm"
    assert flagged[0][3] == days(0)


def test_a_plan_puts_its_review_on_the_list_and_moves_it_with_the_review_date(client, shipped,
                                                                              maria):
    headers = shipped.headers("alpha", "care_manager")
    plan = client.post(f"/api/v1/clients/{maria}/care-plans", json={"template": "care-plan"},
                       headers=headers).json
    review = [t for t in plan["tasks"] if t["title"] == "Review the care plan with the client"]
    assert review[0]["due"] == plan["review_date"]
    moved = client.patch(f"/api/v1/care-plans/{plan['id']}", json={"review_date": days(45)},
                         headers=headers).json
    assert [t["due"] for t in moved["tasks"] if t["id"] == review[0]["id"]] == [days(45)]


def add_task(app, world, client_id, title, due_in, owner_role="care_manager", agency="alpha"):
    from carebridge.careplans.tasks import add_task as add

    with unit_of_work(app, world.agencies[agency]) as session:
        due = datetime.fromisoformat(days(due_in)).date()
        task = add(session, client_id=client_id, title=title, due=due,
                   owner_id=world.users[(agency, owner_role)], source="manual",
                   agency_id=world.agencies[agency])
        session.flush()
        return task.id


def test_my_tasks_are_mine_and_due_before_filters(client, app, shipped, maria):
    add_task(app, shipped, maria, "Call María back", -2)
    add_task(app, shipped, maria, "Send the lease letter", 0)
    add_task(app, shipped, maria, "Check the pantry visit", 3)
    add_task(app, shipped, maria, "Someone else's", 0, owner_role="admin")
    mine = client.get("/api/v1/tasks?owner=me", headers=shipped.headers("alpha", "care_manager"))
    assert [t["title"] for t in mine.json["tasks"]] == [
        "Call María back", "Send the lease letter", "Check the pantry visit"]
    soon = client.get(f"/api/v1/tasks?owner=me&due_before={days(0)}",
                      headers=shipped.headers("alpha", "care_manager")).json["tasks"]
    assert [t["title"] for t in soon] == ["Call María back", "Send the lease letter"]
    everyone = client.get("/api/v1/tasks?owner=all",
                          headers=shipped.headers("alpha", "care_manager")).json["tasks"]
    assert len(everyone) == 4
    bad = client.get("/api/v1/tasks?due_before=soon",
                     headers=shipped.headers("alpha", "care_manager"))
    assert bad.status_code == 422


@pytest.mark.postgres
@pytest.mark.parametrize("owner", ["someone", "99999999999999999999999", "²"])
def test_an_owner_that_is_no_user_id_is_422(client, shipped, owner, db_backend):
    answered = client.get(f"/api/v1/tasks?owner={owner}",
                          headers=shipped.headers("alpha", "care_manager"))
    assert answered.status_code == 422
    assert answered.json["errors"][0]["pointer"] == "/owner"


def test_a_status_change_takes_a_task_off_the_list(client, app, shipped, maria):
    task_id = add_task(app, shipped, maria, "Call María back", -2)
    headers = shipped.headers("alpha", "care_manager")
    response = client.post(f"/api/v1/tasks/{task_id}/status", json={"status": "done"},
                           headers=headers)
    assert response.status_code == 200 and response.json["status"] == "done"
    assert client.get("/api/v1/tasks", headers=headers).json["tasks"] == []
    assert client.post(f"/api/v1/tasks/{task_id}/status", json={"status": "gone"},
                       headers=headers).status_code == 422


def test_the_my_tasks_page_groups_overdue_today_and_this_week(client, auth, app, shipped, maria):
    add_task(app, shipped, maria, "Call María back", -2)
    add_task(app, shipped, maria, "Send the lease letter", 0)
    add_task(app, shipped, maria, "Check the pantry visit", 3)
    add_task(app, shipped, maria, "Plan the summer", 30)
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get("/tasks").get_data(as_text=True)
    sections = re.split(r'<h2 id="group-', page)[1:]
    assert sections[0].startswith("overdue") and "Call María back" in sections[0]
    assert sections[1].startswith("today") and "Send the lease letter" in sections[1]
    assert sections[2].startswith("week") and "Check the pantry visit" in sections[2]
    assert sections[3].startswith("later") and "Plan the summer" in sections[3]
    assert 'href="/tasks"' in client.get("/tasks?view=team").get_data(as_text=True)


def test_a_task_is_done_from_the_page(client, auth, app, shipped, maria):
    task_id = add_task(app, shipped, maria, "Call María back", -2)
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get("/tasks").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/tasks/{task_id}/status", data={
        "csrf_token": csrf, "status": "done", "next": "/tasks"})
    assert response.status_code == 303 and response.headers["Location"] == "/tasks"
    assert "Call María back" not in client.get("/tasks").get_data(as_text=True)


def test_the_team_view_shows_everyones_tasks(client, auth, app, shipped, maria):
    add_task(app, shipped, maria, "Someone else's", 0, owner_role="admin")
    auth.login(shipped.email("alpha", "care_manager"))
    assert "Someone else&#39;s" not in client.get("/tasks").get_data(as_text=True)
    assert "Someone else&#39;s" in client.get("/tasks?view=team").get_data(as_text=True)


def test_other_agencies_tasks_are_not_found(client, app, shipped, maria):
    task_id = add_task(app, shipped, maria, "Call María back", -2)
    beta = shipped.headers("beta", "care_manager")
    assert client.get("/api/v1/tasks?owner=all", headers=beta).json["tasks"] == []
    assert client.post(f"/api/v1/tasks/{task_id}/status", json={"status": "done"},
                       headers=beta).status_code == 404
    other = make_client(app, shipped, "beta")
    assert other


def test_intake_workers_have_no_task_list(client, shipped):
    assert client.get("/api/v1/tasks", headers=shipped.headers("alpha", "intake")).status_code \
        == 403
