"""Appointment reminders go out on their own: the periodic job, run with a clock the test
passes, delivers each one due to a local SMTP server once (however often it runs, and with
two workers at once), only to a client who agreed, at the new time when the appointment
moves, never when it is cancelled; everything sent is on the client's file."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from carebridge.agencies import Agency
from carebridge.careplans.casework import ScheduledReminder, SentMessage
from carebridge.careplans.reminder_delivery import claim, send_due_reminders
from carebridge.careplans.reminder_schedule import ReminderSettings, set_settings, settings_of
from carebridge.errors import InvalidInput
from carebridge.jobs import queue
from carebridge.unit_of_work import unit_of_work
from tests.careplans.conftest import days

pytestmark = pytest.mark.postgres

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def cm(world):
    return world.headers("alpha", "care_manager")


def book(client, world, client_id, when=None):
    answer = client.post(f"/api/v1/clients/{client_id}/appointments", headers=cm(world), json={
        "with_whom": "Ana Ruiz", "starts_at": when or f"{days(3)}T10:00",
        "location": "12 Main St"})
    assert answer.status_code == 201, answer.json
    return answer.json, datetime.fromisoformat(answer.json["starts_at"])


def agree(client, world, client_id, channel="email", agreed=True):
    client.put(f"/api/v1/clients/{client_id}/reminder-consent",
               json={"channel": channel, "agreed": agreed}, headers=cm(world))


def run(app, now):
    """One run of the workers' periodic job, at ``now``."""
    return queue(app).run_periodic(send_due_reminders, now=now.isoformat())


def rows(app, world, appointment_id):
    with unit_of_work(app, world.agencies["alpha"]) as session:
        return {r.kind: (r.status, r.outcome) for r in session.scalars(
            select(ScheduledReminder).where(ScheduledReminder.subject_id == appointment_id))}


def test_a_reminder_due_is_delivered_once_by_the_periodic_job(app, client, smtp, shipped,
                                                              maria):
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria)
    assert run(app, starts - 25 * HOUR) == {}  # not yet
    assert smtp.messages == []
    assert run(app, starts - 24 * HOUR + MINUTE) == {"sent": 1}
    [envelope] = smtp.messages
    assert envelope.rcpt_tos == ["maria@example.org"]
    text = envelope.content.decode()
    assert "Subject: Reminder: your appointment on" in text and "Ana Ruiz" in text
    # The job runs every minute, and a retried run finds nothing left to send.
    assert run(app, starts - 24 * HOUR + 2 * MINUTE) == {}
    assert run(app, starts - 2 * HOUR) == {}
    assert len(smtp.messages) == 1
    assert rows(app, shipped, appointment["id"]) == {"first": ("done", "sent")}
    [record] = client.get(f"/api/v1/clients/{maria}/messages",
                          headers=cm(shipped)).json["messages"]
    assert (record["status"], record["channel"], record["recipient"]) == (
        "sent", "email", "maria@example.org")
    assert record["appointment_id"] == appointment["id"] and record["sent_at"]
    assert "Ana Ruiz" in record["body"]


def test_a_second_reminder_when_the_agency_asks_for_one(app, client, smtp, shipped, maria):
    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        set_settings(session, session.get(Agency, shipped.agencies["alpha"]), first_hours=48,
                     second_hours=2)
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria)
    assert run(app, starts - 24 * HOUR) == {"sent": 1}  # the first, 48 hours before
    assert run(app, starts - 3 * HOUR) == {}
    assert run(app, starts - 2 * HOUR) == {"sent": 1}
    assert len(smtp.messages) == 2
    assert rows(app, shipped, appointment["id"]) == {"first": ("done", "sent"),
                                                     "second": ("done", "sent")}


def test_two_workers_at_once_send_it_once(app, client, smtp, shipped, maria):
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria)
    start = threading.Barrier(2)
    answers = []

    def worker():
        start.wait()
        answers.append(run(app, starts - 23 * HOUR))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(smtp.messages) == 1
    assert sum(a.get("sent", 0) for a in answers) == 1
    # The database decides who sends: a second claim of the same row is refused.
    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        [row_id] = session.scalars(select(ScheduledReminder.id)).all()
    assert claim(app, row_id, starts) is False


def test_no_reminder_without_consent(app, client, smtp, shipped, maria):
    appointment, starts = book(client, shipped, maria)
    agree(client, shipped, maria, channel="email", agreed=False)
    agree(client, shipped, maria, channel="sms", agreed=False)
    assert run(app, starts - 23 * HOUR) == {"no_consent": 1}
    assert smtp.messages == []
    assert rows(app, shipped, appointment["id"]) == {"first": ("skipped", "no_consent")}
    assert client.get(f"/api/v1/clients/{maria}/messages",
                      headers=cm(shipped)).json["messages"] == []


def test_a_moved_appointment_is_reminded_at_its_new_time(app, client, smtp, shipped, maria):
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria)
    moved = client.patch(f"/api/v1/appointments/{appointment['id']}", headers=cm(shipped),
                         json={"starts_at": f"{days(5)}T15:30"})
    assert moved.status_code == 200, moved.json
    new_start = datetime.fromisoformat(moved.json["starts_at"])
    assert run(app, starts - 23 * HOUR) == {}  # the old time passes without a reminder
    assert run(app, new_start - 23 * HOUR) == {"sent": 1}
    [envelope] = smtp.messages
    assert "3:30" in envelope.content.decode() or "15:30" in envelope.content.decode()
    # Sent, then moved again: the client hears of the newer time too, once.
    client.patch(f"/api/v1/appointments/{appointment['id']}", headers=cm(shipped),
                 json={"starts_at": f"{days(7)}T09:00"})
    newest = new_start + timedelta(days=2)
    assert run(app, newest - 23 * HOUR) == {"sent": 1}
    assert run(app, newest - 22 * HOUR) == {}
    assert len(smtp.messages) == 2


def test_a_cancelled_appointment_is_not_reminded(app, client, smtp, shipped, maria):
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria)
    client.patch(f"/api/v1/appointments/{appointment['id']}", headers=cm(shipped),
                 json={"status": "cancelled"})
    assert rows(app, shipped, appointment["id"]) == {
        "first": ("cancelled", "appointment_cancelled")}
    assert run(app, starts - 23 * HOUR) == {}
    assert smtp.messages == []
    # Booked again (the same appointment, scheduled once more): reminded again.
    client.patch(f"/api/v1/appointments/{appointment['id']}", headers=cm(shipped),
                 json={"status": "scheduled"})
    assert run(app, starts - 23 * HOUR) == {"sent": 1}


def test_an_appointment_booked_after_its_reminder_time_is_not_reminded_late(app, client, smtp,
                                                                          shipped, maria):
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria,
                               when=(datetime.now().astimezone() + 3 * HOUR)
                               .replace(second=0, microsecond=0).isoformat())
    assert rows(app, shipped, appointment["id"]) == {"first": ("skipped", "too_late")}
    assert run(app, starts - HOUR) == {}


def test_a_failed_send_is_recorded_and_not_retried(app, client, shipped, maria):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1, SMTP_TIMEOUT=2)
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria)
    assert run(app, starts - 23 * HOUR) == {"failed": 1}
    [record] = client.get(f"/api/v1/clients/{maria}/messages",
                          headers=cm(shipped)).json["messages"]
    assert record["status"] == "failed" and record["error"]
    assert run(app, starts - 22 * HOUR) == {}


def test_the_agency_settings_are_checked(app, shipped):
    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        agency = session.get(Agency, shipped.agencies["alpha"])
        assert settings_of(agency) == ReminderSettings(24, None, 1, 10)
        for bad in ({"first_hours": 0}, {"first_hours": 2, "second_hours": 2},
                    {"first_hours": "soon"}, {"first_hours": 24, "follow_up_days": 30}):
            with pytest.raises(InvalidInput):
                set_settings(session, agency, **bad)
        assert settings_of(agency) == ReminderSettings(24, None, 1, 10)


def test_the_workers_schedule_runs_the_job(app):
    jobs = queue(app)
    assert "carebridge.careplans.reminder_delivery:send_due_reminders" in jobs.periodic
    # Huey's consumer asks each minute which periodic tasks to enqueue: this one, every minute.
    for minute in (0, 17, 59):
        names = {task.name for task in jobs.huey.read_periodic(datetime(2026, 3, 2, 9, minute))}
        assert "carebridge.careplans.reminder_delivery:send_due_reminders" in names


def test_the_messages_are_on_the_client_file(app, client, auth, smtp, shipped, maria):
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria)
    run(app, starts - 23 * HOUR)
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{maria}/appointments").get_data(as_text=True)
    assert "maria@example.org" in page and "Reminder: your appointment on" in page
    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        [message] = session.scalars(select(SentMessage)).all()
        assert message.reminder_id is not None and message.user_id is None


def test_a_reminder_whose_appointment_has_begun_is_not_sent(app, client, smtp, shipped, maria):
    # The workers were stopped until after the appointment: better no reminder than a late one.
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria)
    assert run(app, starts + MINUTE) == {"too_late": 1}
    assert smtp.messages == []
    assert rows(app, shipped, appointment["id"]) == {"first": ("skipped", "too_late")}


def test_a_claim_left_by_a_worker_that_died_is_never_sent_twice(app, client, smtp, shipped,
                                                                  maria):
    agree(client, shipped, maria)
    appointment, starts = book(client, shipped, maria)
    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        [row_id] = session.scalars(select(ScheduledReminder.id)).all()
    assert claim(app, row_id, starts - 23 * HOUR)  # ...and the worker dies before sending
    assert run(app, starts - 22 * HOUR - MINUTE) == {}
    assert rows(app, shipped, appointment["id"]) == {"first": ("sending", "")}
    run(app, starts - 21 * HOUR)  # an hour on, the claim is given up, not retried
    assert rows(app, shipped, appointment["id"]) == {"first": ("skipped", "interrupted")}
    assert smtp.messages == []
