"""When reminders are due: the agency's settings, and one ``ScheduledReminder`` row per
appointment or referral follow-up and kind, kept in step with what it reminds of (made when
an appointment is booked or a referral sent, moved with it, cancelled with it).

Everything here writes in the caller's unit of work; the periodic job in
``careplans.reminder_delivery`` claims and sends the rows when their time comes.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.agencies import Agency, agency_time_zone
from carebridge.careplans.casework import (
    CANCELLED,
    FIRST,
    FOLLOW_UP,
    OF_APPOINTMENT,
    OF_REFERRAL,
    PENDING,
    SECOND,
    SENDING,
    SKIPPED,
    ScheduledReminder,
)
from carebridge.careplans.models import SCHEDULED, Appointment
from carebridge.db import utcnow
from carebridge.errors import InvalidInput, Problem
from carebridge.i18n import _

log = logging.getLogger(__name__)

#: Why a reminder was not sent or did not go out as planned (``ScheduledReminder.outcome``).
TOO_LATE = "too_late"
APPOINTMENT_CANCELLED = "appointment_cancelled"
REFERRAL_CLOSED = "referral_closed"
SETTING_OFF = "setting_off"

MAX_HOURS = 14 * 24
MAX_DAYS = 14


@dataclass(frozen=True)
class ReminderSettings:
    """An agency's reminder times: hours before an appointment (a second, later one is
    optional) and days before a referral's follow-up (None: no follow-up reminder), sent at
    ``follow_up_hour`` o'clock in the agency's time zone."""

    first_hours: int = 24
    second_hours: int | None = None
    follow_up_days: int | None = 1
    follow_up_hour: int = 10


def settings_of(agency: Agency | None) -> ReminderSettings:
    stored = ((agency.settings or {}).get("reminders") if agency is not None else None) or {}
    known = {k: v for k, v in stored.items() if k in ReminderSettings.__dataclass_fields__}
    return ReminderSettings(**known)


def set_settings(session: Session, agency: Agency, *, first_hours: object,
                 second_hours: object = None, follow_up_days: object = 1,
                 follow_up_hour: object = 10) -> ReminderSettings:
    """Change the agency's reminder times; appointments booked or changed from now on (and
    referrals sent or moved) follow them."""
    problems: list[Problem] = []
    first = _whole(first_hours, "/first_hours", 1, MAX_HOURS, problems, optional=False)
    second = _whole(second_hours, "/second_hours", 1, MAX_HOURS, problems)
    days = _whole(follow_up_days, "/follow_up_days", 0, MAX_DAYS, problems)
    hour = _whole(follow_up_hour, "/follow_up_hour", 0, 23, problems, optional=False)
    if first is not None and second is not None and second >= first:
        problems.append(Problem("/second_hours", _("The second reminder comes after the "
                                                   "first: fewer hours before.")))
    if problems:
        raise InvalidInput(_("The reminder settings have problems; nothing was saved."),
                           problems)
    chosen = ReminderSettings(first, second, days, hour)
    agency.settings = {**(agency.settings or {}), "reminders": asdict(chosen)}
    session.flush()
    return chosen


def _whole(value: object, pointer: str, low: int, high: int, problems: list[Problem], *,
           optional: bool = True) -> int | None:
    if value in (None, "") and optional:
        return None
    try:
        number = int(value)
        if isinstance(value, bool) or not low <= number <= high or str(number) != str(
                value).strip():
            raise ValueError
    except (TypeError, ValueError):
        problems.append(Problem(pointer, _("A whole number from %(low)s to %(high)s.",
                                           low=low, high=high)))
        return None
    return number


# Keeping the rows in step -----------------------------------------------------------------


def appointment_changed(session: Session, appointment: Appointment,
                        now: datetime | None = None) -> list[ScheduledReminder]:
    """The appointment's reminders at the agency's times before it (cancelled when it is)."""
    settings = settings_of(session.get(Agency, appointment.agency_id))
    rows = []
    for kind, hours in ((FIRST, settings.first_hours), (SECOND, settings.second_hours)):
        due = None
        if appointment.status == SCHEDULED and hours:
            due = appointment.starts_at - timedelta(hours=hours)
        why = APPOINTMENT_CANCELLED if appointment.status != SCHEDULED else SETTING_OFF
        rows.append(_plan(session, OF_APPOINTMENT, appointment.id, kind,
                          client_id=appointment.client_id, agency_id=appointment.agency_id,
                          due=due, why_not=why, now=now))
    return [row for row in rows if row is not None]


def follow_up_changed(session: Session, *, referral_id: str, client_id: str, agency_id: int,
                      follow_up_on: date | None, now: datetime | None = None
                      ) -> ScheduledReminder | None:
    """A referral's follow-up reminder: ``follow_up_days`` before ``follow_up_on`` at the
    agency's ``follow_up_hour``; ``follow_up_on`` None (the referral closed) cancels it."""
    settings = settings_of(session.get(Agency, agency_id))
    due = None
    if follow_up_on is not None and settings.follow_up_days is not None:
        zone = ZoneInfo(agency_time_zone(session, agency_id, current_app.config["TIME_ZONE"]))
        day = follow_up_on - timedelta(days=settings.follow_up_days)
        due = datetime.combine(day, time(settings.follow_up_hour), tzinfo=zone).astimezone(UTC)
    why = REFERRAL_CLOSED if follow_up_on is None else SETTING_OFF
    return _plan(session, OF_REFERRAL, referral_id, FOLLOW_UP, client_id=client_id,
                 agency_id=agency_id, due=due, why_not=why, now=now)


def upcoming(session: Session, client, now: datetime) -> list[ScheduledReminder]:
    """The client's reminders still to go and those of the last 30 days, soonest first."""
    return list(session.scalars(select(ScheduledReminder).where(
        ScheduledReminder.client_id == client.id,
        ScheduledReminder.due_at >= now - timedelta(days=30))
        .order_by(ScheduledReminder.due_at, ScheduledReminder.id)))


def _plan(session: Session, subject: str, subject_id: str, kind: str, *, client_id: str,
          agency_id: int, due: datetime | None, why_not: str,
          now: datetime | None) -> ScheduledReminder | None:
    """Make, move or cancel one reminder row. A reminder already sent is sent again only when
    its time moves (the appointment moved: the client hears of the new time)."""
    now = now or utcnow()
    row = session.scalar(select(ScheduledReminder).where(
        ScheduledReminder.subject == subject, ScheduledReminder.subject_id == subject_id,
        ScheduledReminder.kind == kind, ScheduledReminder.agency_id == agency_id))
    if due is None:
        if row is not None and row.status == PENDING:
            row.status, row.outcome, row.updated_at = CANCELLED, why_not, now
        return row
    if row is None:
        row = ScheduledReminder(subject=subject, subject_id=subject_id, kind=kind,
                                client_id=client_id, due_at=due, agency_id=agency_id)
        session.add(row)
    elif row.status == SENDING or (row.due_at == due and row.status != CANCELLED):
        return row  # being sent this moment, or nothing changed
    row.due_at, row.updated_at, row.claimed_at, row.finished_at = due, now, None, None
    if due > now:
        row.status, row.outcome = PENDING, ""
    else:
        row.status, row.outcome = SKIPPED, TOO_LATE
    session.flush()
    log.info("reminder planned", extra={"reminder_id": row.id, "status": row.status})
    return row
