"""Casework: case notes (structured, free, contact attempts, time spent) corrected by their
author for a short while and amended after, with history; the care team; handouts printed in
the client's language and recorded as given; reminders delivered to a local SMTP server only
to clients who agreed, each recorded."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

from babel.dates import format_date

from carebridge.careplans.casework import CaseNote
from carebridge.clients.models import Client
from carebridge.unit_of_work import unit_of_work
from tests.careplans.conftest import days, make_client


def cm(world):
    return world.headers("alpha", "care_manager")


def write(client, world, client_id, **body):
    return client.post(f"/api/v1/clients/{client_id}/notes", json=body, headers=cm(world))


def test_notes_of_every_kind_with_time_spent(client, shipped, maria):
    progress = write(client, shipped, maria, kind="progress", discussed="Rent arrears",
                     assessment="Stressed but engaged", plan="Apply for rental help",
                     minutes_spent=40)
    assert progress.status_code == 201 and progress.json["minutes_spent"] == 40
    contact = write(client, shipped, maria, kind="contact", method="phone", outcome="voicemail")
    assert contact.json["content"]["outcome"] == "voicemail"
    assert write(client, shipped, maria, kind="contact", method="phone").status_code == 422
    assert write(client, shipped, maria, kind="free").status_code == 422
    assert write(client, shipped, maria, kind="diary", text="x").status_code == 422
    listed = client.get(f"/api/v1/clients/{maria}/notes", headers=cm(shipped)).json["notes"]
    assert [n["kind"] for n in listed] == ["contact", "progress"]


def test_the_author_corrects_a_note_in_its_window_keeping_the_earlier_text(client, shipped,
                                                                           maria):
    note = write(client, shipped, maria, kind="free", text="Called landlrd").json
    fixed = client.patch(f"/api/v1/notes/{note['id']}", json={"text": "Called landlord"},
                         headers=cm(shipped)).json
    assert fixed["content"]["text"] == "Called landlord" and fixed["amended"] is False
    assert [r["content"]["text"] for r in fixed["revisions"]] == ["Called landlrd"]


def test_after_the_window_a_note_is_amended_with_a_reason_never_silently(client, app, shipped,
                                                                         maria):
    note = write(client, shipped, maria, kind="free", text="Client declined the referral").json
    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        row = session.get(CaseNote, note["id"])
        row.created_at = row.created_at - timedelta(hours=2)
    url = f"/api/v1/notes/{note['id']}"
    refused = client.patch(url, json={"text": "Client accepted"}, headers=cm(shipped))
    assert refused.status_code == 422 and refused.json["errors"][0]["pointer"] == "/reason"
    amended = client.patch(url, json={"text": "Client accepted the referral",
                                      "reason": "Misheard on the phone"}, headers=cm(shipped))
    assert amended.status_code == 200
    assert amended.json["amended"] is True
    [revision] = amended.json["revisions"]
    assert revision["content"]["text"] == "Client declined the referral"
    assert revision["reason"] == "Misheard on the phone"


def test_only_the_author_changes_a_note(client, shipped, maria):
    note = write(client, shipped, maria, kind="free", text="Mine").json
    other = client.patch(f"/api/v1/notes/{note['id']}", json={"text": "Yours"},
                         headers=shipped.headers("alpha", "admin"))
    assert other.status_code == 403


def test_the_care_team_says_how_to_reach_each_and_what_consent_allows(client, shipped, maria):
    url = f"/api/v1/clients/{maria}/care-team"
    worker = client.post(url, headers=cm(shipped), json={
        "kind": "worker", "user_id": shipped.users[("alpha", "care_manager")],
        "role": "Lead care manager", "may_share": ["care_plan", "appointments"]})
    assert worker.status_code == 201 and worker.json["email"] == "care_manager@alpha.example.org"
    doctor = client.post(url, headers=cm(shipped), json={
        "kind": "provider", "name": "Dr. Chen", "organization": "Fair Oaks Clinic",
        "role": "Primary care", "phone": "650-555-0100", "may_share": ["assessments"],
        "consent_note": "Release of information until 2027-01-01"})
    assert doctor.status_code == 201
    assert client.post(url, headers=cm(shipped), json={"kind": "family"}).status_code == 422
    assert client.post(url, headers=cm(shipped), json={
        "kind": "family", "name": "Rosa", "may_share": ["everything"]}).status_code == 422
    team = client.get(url, headers=cm(shipped)).json["members"]
    assert {m["name"]: m["may_share"] for m in team}["Dr. Chen"] == ["assessments"]
    assert client.delete(f"/api/v1/care-team/{doctor.json['id']}",
                         headers=cm(shipped)).status_code == 204
    assert [m["name"] for m in client.get(url, headers=cm(shipped)).json["members"]] == [
        "care_manager@alpha.example.org"]


def test_handouts_print_in_the_clients_language_and_giving_is_recorded(client, auth, app,
                                                                       shipped):
    rosa = make_client(app, shipped, needs=("food",), given="Rosa")
    from carebridge.clients.models import Client

    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        session.get(Client, rosa).preferred_language = "es-MX"
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{rosa}/handouts").get_data(as_text=True)
    suggested = page[:page.index("Other handouts")]
    assert "Cómo ir a una despensa de alimentos" in suggested  # linked to the food need
    assert "Cómo funciona CalFresh" in suggested
    printed = client.get(f"/clients/{rosa}/handouts/food-pantry/print").get_data(as_text=True)
    assert '<html lang="es">' in printed and "Lleve: una identificación" in printed
    english = client.get(f"/clients/{rosa}/handouts/food-pantry/print?lang=en")
    assert "Bring: a photo ID" in english.get_data(as_text=True)
    given = client.post(f"/api/v1/clients/{rosa}/handouts", json={"handout": "calfresh"},
                        headers=cm(shipped))
    assert given.status_code == 201 and given.json["language"] == "es"
    page = client.get(f"/clients/{rosa}/handouts").get_data(as_text=True)
    assert "Cómo funciona CalFresh (SNAP) (es)" in page
    assert client.post(f"/api/v1/clients/{rosa}/handouts", json={"handout": "nope"},
                       headers=cm(shipped)).status_code == 404


def book(client, world, client_id):
    return client.post(f"/api/v1/clients/{client_id}/appointments", headers=cm(world), json={
        "with_whom": "Ana Ruiz", "starts_at": f"{days(3)}T10:00", "location": "12 Main St"}).json


def test_a_reminder_goes_only_to_a_client_who_agreed(client, smtp, shipped, maria):
    appointment = book(client, shipped, maria)
    url = f"/api/v1/appointments/{appointment['id']}/reminders"
    refused = client.post(url, json={}, headers=cm(shipped))
    assert refused.status_code == 409 and "not agreed" in refused.json["message"]
    client.put(f"/api/v1/clients/{maria}/reminder-consent",
               json={"channel": "email", "agreed": True}, headers=cm(shipped))
    sent = client.post(url, json={}, headers=cm(shipped))
    assert sent.status_code == 201
    for _ in range(50):
        if smtp.messages:
            break
        time.sleep(0.05)
    [envelope] = smtp.messages
    assert envelope.rcpt_tos == ["maria@example.org"]
    text = envelope.content.decode()
    assert "Subject: Reminder: your appointment on" in text
    assert "appointment with Ana Ruiz" in text and "12 Main St" in text
    [record] = client.get(f"/api/v1/clients/{maria}/messages",
                          headers=cm(shipped)).json["messages"]
    assert record["status"] == "sent" and record["recipient"] == "maria@example.org"
    assert "Ana Ruiz" in record["body"]
    client.put(f"/api/v1/clients/{maria}/reminder-consent",
               json={"channel": "email", "agreed": False}, headers=cm(shipped))
    assert client.post(url, json={}, headers=cm(shipped)).status_code == 409


def test_a_failed_delivery_is_recorded(client, app, shipped, maria):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1, SMTP_TIMEOUT=2)
    appointment = book(client, shipped, maria)
    client.put(f"/api/v1/clients/{maria}/reminder-consent",
               json={"channel": "email", "agreed": True}, headers=cm(shipped))
    client.post(f"/api/v1/appointments/{appointment['id']}/reminders", json={},
                headers=cm(shipped))
    [record] = client.get(f"/api/v1/clients/{maria}/messages",
                          headers=cm(shipped)).json["messages"]
    assert record["status"] == "failed" and record["error"]


def test_the_notes_page_writes_and_shows_amendments(client, auth, app, shipped, maria):
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{maria}/notes").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/clients/{maria}/notes", data={
        "csrf_token": csrf, "kind": "contact", "method": "phone", "outcome": "no_answer",
        "minutes_spent": "5"})
    assert response.status_code == 303
    page = client.get(f"/clients/{maria}/notes").get_data(as_text=True)
    assert "No answer" in page and "5 min" in page and "Correct this note" in page
    bad = client.post(f"/clients/{maria}/notes", data={"csrf_token": csrf, "kind": "contact"})
    assert bad.status_code == 422


def test_casework_of_another_agency_is_not_found(client, auth, app, shipped, maria):
    note = write(client, shipped, maria, kind="free", text="Private").json
    beta = shipped.headers("beta", "care_manager")
    for method, url in (("get", f"/api/v1/clients/{maria}/notes"),
                        ("get", f"/api/v1/clients/{maria}/care-team"),
                        ("get", f"/api/v1/clients/{maria}/messages"),
                        ("patch", f"/api/v1/notes/{note['id']}"),
                        ("post", f"/api/v1/clients/{maria}/handouts"),
                        ("put", f"/api/v1/clients/{maria}/reminder-consent")):
        response = getattr(client, method)(url, json={"text": "x", "handout": "calfresh",
                                                       "channel": "email", "agreed": True},
                                           headers=beta)
        assert response.status_code == 404, url
    auth.login(shipped.email("beta", "care_manager"))
    for url in (f"/clients/{maria}/notes", f"/clients/{maria}/care-team",
                f"/clients/{maria}/handouts", f"/clients/{maria}/handouts/calfresh/print"):
        assert client.get(url).status_code == 404, url


def test_a_client_is_reminded_of_a_task_they_do(client, smtp, shipped, maria):
    plan = client.post(f"/api/v1/clients/{maria}/care-plans", json={"template": "care-plan"},
                       headers=cm(shipped)).json
    theirs = next(t for t in plan["tasks"] if t["responsible"] == "client")
    ours = next(t for t in plan["tasks"] if t["responsible"] == "care_manager")
    assert client.post(f"/api/v1/tasks/{theirs['id']}/reminders", json={},
                       headers=cm(shipped)).status_code == 409  # no consent yet
    client.put(f"/api/v1/clients/{maria}/reminder-consent",
               json={"channel": "email", "agreed": True}, headers=cm(shipped))
    assert client.post(f"/api/v1/tasks/{ours['id']}/reminders", json={},
                       headers=cm(shipped)).status_code == 409  # the care manager's own task
    assert client.post(f"/api/v1/tasks/{theirs['id']}/reminders", json={},
                       headers=cm(shipped)).status_code == 201
    for _ in range(50):
        if smtp.messages:
            break
        time.sleep(0.05)
    [envelope] = smtp.messages
    assert f"A reminder from your care plan: {theirs['title']}" in envelope.content.decode()
    assert client.post(f"/api/v1/tasks/{theirs['id']}/reminders", json={},
                       headers=shipped.headers("beta", "care_manager")).status_code == 404


def test_a_reminder_a_worker_sends_is_in_the_clients_language(client, app, shipped, maria):
    # The worker reads English; María reads Spanish: the message, its day and all, is hers.
    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        session.get(Client, maria).preferred_language = "es"
    plan = client.post(f"/api/v1/clients/{maria}/care-plans", json={"template": "care-plan"},
                       headers=cm(shipped)).json
    theirs = next(t for t in plan["tasks"] if t["responsible"] == "client")
    client.put(f"/api/v1/clients/{maria}/reminder-consent",
               json={"channel": "email", "agreed": True}, headers=cm(shipped))
    assert client.post(f"/api/v1/tasks/{theirs['id']}/reminders", json={},
                       headers=cm(shipped)).status_code == 201
    [record] = client.get(f"/api/v1/clients/{maria}/messages",
                          headers=cm(shipped)).json["messages"]
    due = date.fromisoformat(theirs["due"])
    assert record["body"].startswith("Hola, María")
    assert format_date(due, "full", locale="es_US") in record["body"]
    assert due.strftime("%B") not in record["body"]  # no English month in a Spanish message
    appointment = book(client, shipped, maria)
    client.post(f"/api/v1/appointments/{appointment['id']}/reminders", json={},
                headers=cm(shipped))
    [latest, _task] = client.get(f"/api/v1/clients/{maria}/messages",
                                 headers=cm(shipped)).json["messages"]
    assert latest["body"].startswith("Hola, María") and "Ana Ruiz" in latest["body"]
