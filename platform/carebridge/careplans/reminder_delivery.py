"""The periodic job that sends the reminders whose time has come: each row is claimed in the
database (``pending`` → ``sending``, one conditional UPDATE) before anything is sent, so two
workers, or a job run twice, send it once. Consent is read when it is sent; each message is
recorded on the client file (what, when, channel, to whom, sent or failed).

A worker that dies after claiming leaves the row ``sending``: after ``STALE`` it is marked
skipped (``interrupted``) rather than sent again — a client never gets the same reminder
twice, at the price of rarely getting none.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.agencies import agency_time_zone
from carebridge.careplans import reminders
from carebridge.careplans.casework import (
    CANCELLED,
    DONE,
    OF_APPOINTMENT,
    PENDING,
    QUEUED,
    SENDING,
    SENT,
    SKIPPED,
    ScheduledReminder,
    SentMessage,
)
from carebridge.careplans.models import SCHEDULED, Appointment
from carebridge.careplans.reminder_schedule import (
    APPOINTMENT_CANCELLED,
    REFERRAL_CLOSED,
    TOO_LATE,
)
from carebridge.clients.models import Client
from carebridge.db import utcnow
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work

log = logging.getLogger(__name__)

NO_CONSENT = "no_consent"
NO_ADDRESS = "no_address"
INTERRUPTED = "interrupted"
SENT_OUTCOME = "sent"
FAILED_OUTCOME = "failed"
#: Reminders sent per run at most (the next run, a minute later, takes the rest).
BATCH = 200
#: A claim older than this belongs to a worker that died while sending.
STALE = timedelta(hours=1)


def send_due_reminders(now: str | datetime | None = None) -> dict:
    """Send every pending reminder due by ``now`` (default: the current time; tests pass a
    clock). Returns how many ended each way (``sent``, ``no_consent``, ``claimed_elsewhere``…)."""
    app = current_app._get_current_object()
    moment = _moment(now)
    with unit_of_work(app, ALL_AGENCIES) as session:
        _give_up_stale(session, moment)
        due = session.execute(
            select(ScheduledReminder.id, ScheduledReminder.agency_id)
            .where(ScheduledReminder.status == PENDING, ScheduledReminder.due_at <= moment)
            .order_by(ScheduledReminder.due_at, ScheduledReminder.id).limit(BATCH)).all()
    counts: Counter[str] = Counter()
    for reminder_id, agency_id in due:
        if not claim(app, reminder_id, moment):
            counts["claimed_elsewhere"] += 1
            continue
        counts[send_claimed(app, reminder_id, agency_id, moment)] += 1
    if due:
        log.info("reminders run", extra={"due": len(due), **counts})
    return dict(counts)


def claim(app: Flask, reminder_id: int, moment: datetime) -> bool:
    """Take the reminder for this worker: true for exactly one caller, committed at once."""
    with unit_of_work(app, ALL_AGENCIES) as session:
        taken = session.execute(
            update(ScheduledReminder)
            .where(ScheduledReminder.id == reminder_id, ScheduledReminder.status == PENDING)
            .values(status=SENDING, claimed_at=moment, updated_at=moment)
            .execution_options(synchronize_session=False))
        return taken.rowcount == 1


def send_claimed(app: Flask, reminder_id: int, agency_id: int, moment: datetime) -> str:
    """Send a claimed reminder by every channel the client agreed to; returns its outcome."""
    with unit_of_work(app, agency_id) as session:
        row = session.get(ScheduledReminder, reminder_id)
        client = session.get(Client, row.client_id)
        zone = ZoneInfo(agency_time_zone(session, agency_id, app.config["TIME_ZONE"]))
        with reminders.in_clients_language(client):
            status, outcome = _send(session, row, client, zone, moment)
        row.status, row.outcome, row.finished_at, row.updated_at = status, outcome, moment, moment
        return outcome


def _send(session: Session, row: ScheduledReminder, client: Client, zone,
          moment: datetime) -> tuple[str, str]:
    if row.subject == OF_APPOINTMENT:
        appointment = session.get(Appointment, row.subject_id)
        if appointment is None or appointment.status != SCHEDULED:
            return CANCELLED, APPOINTMENT_CANCELLED
        if appointment.starts_at <= moment:
            return SKIPPED, TOO_LATE
        message = reminders.appointment_reminder(appointment, zone)
        appointment_id = appointment.id
    else:
        from carebridge.referrals.models import OPEN_STATUSES, Referral

        referral = session.get(Referral, row.subject_id)
        if referral is None or referral.status not in OPEN_STATUSES:
            return CANCELLED, REFERRAL_CLOSED
        message = reminders.follow_up_reminder(referral, client)
        appointment_id = None
    agreed = [c for c, yes in reminders.consents(session, client).items() if yes]
    available = reminders.senders()
    channels = [c for c in reminders.CHANNELS if c in agreed and c in available]
    if not channels:
        return SKIPPED, NO_CONSENT
    channels = [c for c in channels if reminders.address(client, c)]
    if not channels:
        return SKIPPED, NO_ADDRESS
    sent = False
    for channel in channels:
        record = SentMessage(client_id=client.id, appointment_id=appointment_id,
                             channel=channel, recipient=reminders.address(client, channel),
                             subject=message.subject, body=message.body, status=QUEUED,
                             reminder_id=row.id)
        record.agency_id = row.agency_id
        session.add(record)
        session.flush()
        audit.record(session, audit.CREATE, record, user_id=None, via="job",
                     detail={"reminder_id": row.id, "kind": row.kind})
        reminders.send_now(record)
        sent = sent or record.status == SENT
    return DONE, SENT_OUTCOME if sent else FAILED_OUTCOME


def _give_up_stale(session: Session, moment: datetime) -> None:
    session.execute(
        update(ScheduledReminder)
        .where(ScheduledReminder.status == SENDING, ScheduledReminder.claimed_at < moment - STALE)
        .values(status=SKIPPED, outcome=INTERRUPTED, finished_at=moment, updated_at=moment)
        .execution_options(synchronize_session=False))


def _moment(now: str | datetime | None) -> datetime:
    if now is None:
        return utcnow()
    moment = datetime.fromisoformat(now) if isinstance(now, str) else now
    if moment.tzinfo is None:
        raise ValueError("the clock must say its time zone")
    return moment.astimezone(ZoneInfo("UTC"))
