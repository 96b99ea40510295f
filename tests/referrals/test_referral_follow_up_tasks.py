"""A referral's follow-up is a task row: made when the referral is sent (owner: the worker who
referred, due: the follow-up date), moved with the date, closed by an outcome, listed in "my
tasks", the team view and the tasks API like any other task; the migration makes the rows of
referrals sent before."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from carebridge.careplans.models import Task
from tests.referrals.test_referrals_api import move, refer

pytestmark = pytest.mark.postgres


def follow_up_tasks(setting, referral_id, agency="alpha"):
    with setting.session(agency) as session:
        return [(t.status, t.due.isoformat(), t.owner_id, t.client_id, t.title)
                for t in session.scalars(sa.select(Task).where(
                    Task.source == "referral", Task.source_ref == referral_id).order_by(Task.id))]


def test_sending_a_referral_makes_its_follow_up_task(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    made = refer(api, maria, urgency="soon")
    due = (setting.today() + timedelta(days=7)).isoformat()
    [(status, day, owner, client_id, title)] = follow_up_tasks(setting, made["id"])
    assert (status, day, client_id) == ("to_do", due, maria)
    assert owner == setting.world.users[("alpha", "care_manager")]
    assert title == "Follow up: Saturday Food Pantry"
    listed = api.get(f"/api/v1/tasks?owner=me&due_before={due}").json["tasks"]
    [task] = [t for t in listed if t["source"] == "referral"]
    assert task["referral_id"] == made["id"] and task["due"] == due
    # The admin's own list does not have it; nobody else's task is touched.
    assert all(t["source"] != "referral" for t in
               api.get("/api/v1/tasks?owner=me", role="admin").json["tasks"])


def test_a_draft_has_no_task_until_it_is_sent(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    draft = refer(api, maria, status="draft")
    assert follow_up_tasks(setting, draft["id"]) == []
    move(api, draft["id"], "sent")
    assert [t[0] for t in follow_up_tasks(setting, draft["id"])] == ["to_do"]


def test_moving_the_follow_up_moves_the_task(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    made = refer(api, maria)
    later = (setting.today() + timedelta(days=30)).isoformat()
    moved = api.client.patch(f"/api/v1/referrals/{made['id']}", json={"follow_up_on": later},
                             headers=setting.world.headers("alpha", "care_manager"))
    assert moved.status_code == 200 and moved.json["follow_up_on"] == later
    assert [(t[0], t[1]) for t in follow_up_tasks(setting, made["id"])] == [("to_do", later)]
    assert "Follow-up moved to" in moved.json["history"][-1]["note"]
    past = (setting.today() - timedelta(days=1)).isoformat()
    assert api.client.patch(f"/api/v1/referrals/{made['id']}", json={"follow_up_on": past},
                            headers=setting.world.headers("alpha", "care_manager")
                            ).status_code == 422
    assert api.client.patch(f"/api/v1/referrals/{made['id']}", json={"follow_up_on": later},
                            headers=setting.world.headers("beta", "care_manager")
                            ).status_code == 404


def test_a_worker_who_closed_the_task_gets_a_new_one_when_the_date_moves(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    made = refer(api, maria)
    [task] = [t for t in api.get("/api/v1/tasks").json["tasks"] if t["source"] == "referral"]
    api.post(f"/api/v1/tasks/{task['id']}/status", {"status": "done"})
    move(api, made["id"], "accepted")  # a status that keeps it open reopens nothing
    assert [t[0] for t in follow_up_tasks(setting, made["id"])] == ["done"]
    later = (setting.today() + timedelta(days=20)).isoformat()
    api.client.patch(f"/api/v1/referrals/{made['id']}", json={"follow_up_on": later},
                     headers=setting.world.headers("alpha", "care_manager"))
    assert [(t[0], t[1]) for t in follow_up_tasks(setting, made["id"])] == [
        ("done", task["due"]), ("to_do", later)]


@pytest.mark.parametrize("path, closed", [
    (("accepted", "in_progress", "completed"), "done"),
    (("declined",), "done"),
    (("accepted", "cancelled"), "cancelled"),
])
def test_an_outcome_closes_the_task(api, setting, path, closed):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    made = refer(api, maria)
    for status in path[:-1]:
        move(api, made["id"], status)
        assert [t[0] for t in follow_up_tasks(setting, made["id"])] == ["to_do"]
    extra = {"outcome": "got_help"} if path[-1] == "completed" else {}
    move(api, made["id"], path[-1], **extra)
    assert [t[0] for t in follow_up_tasks(setting, made["id"])] == [closed]
    assert all(t["source"] != "referral" for t in api.get("/api/v1/tasks").json["tasks"])


def test_the_partner_agencys_outcome_closes_the_senders_task(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    made = refer(api, maria, service_id="meals")
    move(api, made["id"], "accepted", agency="beta")
    move(api, made["id"], "completed", agency="beta", outcome="got_help")
    assert [t[0] for t in follow_up_tasks(setting, made["id"])] == ["done"]
    assert follow_up_tasks(setting, made["id"], agency="beta") == []


def test_follow_ups_are_on_my_list_and_the_teams(api, setting, auth):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    made = refer(api, maria, urgency="urgent")
    auth.login(setting.world.email("alpha", "care_manager"))
    page = api.client.get("/tasks").get_data(as_text=True)
    assert "Follow up: Saturday Food Pantry" in page and f"/referrals/{made['id']}" in page
    assert "Referral follow-ups" not in page  # one list: the tasks
    auth.logout()
    auth.login(setting.world.email("alpha", "admin"))
    assert "Follow up: Saturday Food Pantry" not in api.client.get("/tasks").get_data(
        as_text=True)
    assert "Follow up: Saturday Food Pantry" in api.client.get("/tasks?view=team").get_data(
        as_text=True)


def test_the_follow_up_form_on_the_referral_page_moves_it(api, setting, auth):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    made = refer(api, maria)
    auth.login(setting.world.email("alpha", "care_manager"))
    token = auth.csrf_token(f"/referrals/{made['id']}")
    later = (setting.today() + timedelta(days=9)).isoformat()
    answer = api.client.post(f"/referrals/{made['id']}/follow-up",
                             data={"csrf_token": token, "follow_up_on": later})
    assert answer.status_code == 303
    assert [t[1] for t in follow_up_tasks(setting, made["id"])] == [later]
    bad = api.client.post(f"/referrals/{made['id']}/follow-up",
                          data={"csrf_token": token, "follow_up_on": "soon"})
    assert bad.status_code == 422
