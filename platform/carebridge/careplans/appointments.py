"""Appointments as a service: book, change or cancel one for a client, list a client's or a
worker's, and write them as iCalendar (RFC 5545) with the ``icalendar`` library."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import __version__, audit
from carebridge.auth.models import User
from carebridge.careplans import reminder_schedule
from carebridge.careplans.models import (
    APPOINTMENT_CANCELLED,
    APPOINTMENT_MODES,
    SCHEDULED,
    Appointment,
)
from carebridge.careplans.wording import MODE_LABELS
from carebridge.clients.models import Client
from carebridge.db import utcnow
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.i18n import _

log = logging.getLogger(__name__)

DEFAULT_MINUTES = 60
MAX_MINUTES = 24 * 60
#: The domain part of every event's UID: the id alone is unique, this keeps it global.
UID_DOMAIN = "carebridge.appointments"


def zone() -> ZoneInfo:
    """The agency's time zone: times people type are in it, and calendars show it."""
    return ZoneInfo(current_app.config["TIME_ZONE"])


def book(session: Session, client: Client, data: dict, *, user: User,
         via: str = "web") -> Appointment:
    """A new appointment for ``client`` in ``user``'s calendar (or ``worker_id``'s)."""
    appointment = Appointment(client_id=client.id, status=SCHEDULED, created_by_id=user.id,
                              worker_id=client.care_manager_id or user.id)
    appointment.agency_id = client.agency_id
    _apply(session, appointment, data, creating=True)
    session.add(appointment)
    session.flush()
    reminder_schedule.appointment_changed(session, appointment)
    audit.record(session, audit.CREATE, appointment, user_id=user.id, via=via)
    log.info("appointment booked", extra={"appointment_id": appointment.id})
    return appointment


def change(session: Session, appointment: Appointment, data: dict, *, user: User,
           via: str = "web") -> Appointment:
    """Change or cancel (``status: cancelled``) an appointment; calendars see a new SEQUENCE."""
    _apply(session, appointment, data, creating=False)
    appointment.sequence += 1
    appointment.updated_at = utcnow()
    reminder_schedule.appointment_changed(session, appointment)
    audit.record(session, audit.UPDATE, appointment, user_id=user.id, via=via)
    return appointment


def _apply(session: Session, appointment: Appointment, data: dict, *, creating: bool) -> None:
    problems: list[Problem] = []
    with_whom = _text(data, "with_whom", appointment.with_whom, problems, 300, creating)
    location = _text(data, "location", appointment.location or "", problems, 500, False)
    note = _text(data, "note", appointment.note or "", problems, 2000, False)
    mode = data.get("mode", appointment.mode or "in_person")
    if mode not in APPOINTMENT_MODES:
        problems.append(Problem("/mode", _("Choose in person, phone or video.")))
    status = data.get("status", appointment.status)
    if status not in (SCHEDULED, APPOINTMENT_CANCELLED):
        problems.append(Problem("/status", _("Choose scheduled or cancelled.")))
    starts = appointment.starts_at
    if "starts_at" in data or creating:
        starts = parse_moment(data.get("starts_at"), problems)
    minutes = data.get("duration_minutes")
    if minutes in (None, ""):
        minutes = (int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
                   if appointment.ends_at and appointment.starts_at else DEFAULT_MINUTES)
    try:
        minutes = int(minutes)
        if not 1 <= minutes <= MAX_MINUTES:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(Problem("/duration_minutes",
                                _("Enter a number of minutes from 1 to %(n)s.", n=MAX_MINUTES)))
        minutes = DEFAULT_MINUTES
    worker_id = appointment.worker_id
    if data.get("worker_id") not in (None, ""):
        try:
            worker = session.get(User, int(data["worker_id"]))
        except (TypeError, ValueError):
            worker = None
        if worker is None:
            problems.append(Problem("/worker_id", _("Choose a worker of this agency.")))
        else:
            worker_id = worker.id
    if problems:
        raise InvalidInput(_("The appointment has problems; nothing was saved."), problems)
    appointment.with_whom, appointment.location, appointment.note = with_whom, location, note
    appointment.mode, appointment.status, appointment.worker_id = mode, status, worker_id
    appointment.starts_at = starts
    appointment.ends_at = starts + timedelta(minutes=minutes)


def parse_moment(value: object, problems: list[Problem]) -> datetime | None:
    """A time as typed (``2026-03-02T10:00``, in the agency's zone) or with an offset."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        problems.append(Problem("/starts_at", _("Enter a date and time, like 2026-03-02T10:00.")))
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone())
    return moment.astimezone(ZoneInfo("UTC"))


def _text(data: dict, name: str, current: str, problems: list[Problem], limit: int,
          required: bool) -> str:
    value = data.get(name, current)
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(Problem(f"/{name}", _("Enter text.")))
        return current
    value = value.strip()
    if required and not value:
        problems.append(Problem(f"/{name}", _("This cannot be empty.")))
    if len(value) > limit:
        problems.append(Problem(f"/{name}", _("Use at most %(n)s characters.", n=limit)))
    return value


def get_appointment(session: Session, appointment_id: object) -> Appointment:
    found = (session.get(Appointment, appointment_id) if isinstance(appointment_id, str)
             else None)
    if found is None:
        raise NotFound(_("No such appointment."))
    return found


def of_client(session: Session, client: Client) -> list[Appointment]:
    return list(session.scalars(select(Appointment).where(Appointment.client_id == client.id)
                                .order_by(Appointment.starts_at)))


def of_worker(session: Session, worker_id: int, since: datetime | None = None
              ) -> list[Appointment]:
    """A worker's appointments (from ``since``, default 30 days ago), soonest first."""
    since = since or utcnow() - timedelta(days=30)
    return list(session.scalars(select(Appointment).where(
        Appointment.worker_id == worker_id, Appointment.starts_at >= since)
        .order_by(Appointment.starts_at)))


def as_json(appointment: Appointment) -> dict:
    local = zone()
    return {
        "id": appointment.id, "client_id": appointment.client_id,
        "with_whom": appointment.with_whom, "location": appointment.location,
        "mode": appointment.mode, "status": appointment.status, "note": appointment.note,
        "starts_at": appointment.starts_at.astimezone(local).isoformat(),
        "ends_at": appointment.ends_at.astimezone(local).isoformat(),
        "worker": ({"id": appointment.worker.id,
                    "name": appointment.worker.name or appointment.worker.email}
                   if appointment.worker else None),
        "uid": uid(appointment), "sequence": appointment.sequence,
    }


# iCalendar

def uid(appointment: Appointment) -> str:
    return f"{appointment.id}@{UID_DOMAIN}"


def calendar(appointments: list[Appointment], name: str) -> bytes:
    """An RFC 5545 calendar of ``appointments``: times in the agency's zone (with its
    VTIMEZONE), a stable UID per appointment, SEQUENCE for changes, cancelled ones marked."""
    cal = Calendar()
    cal.add("prodid", f"-//Carebridge//Carebridge {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    local = zone()
    for appointment in appointments:
        event = Event()
        event.add("uid", uid(appointment))
        # DTSTAMP is when the event last changed, not when it was downloaded: the same
        # appointment downloads as the same bytes until it changes.
        event.add("dtstamp", appointment.updated_at.astimezone(ZoneInfo("UTC")))
        event.add("dtstart", appointment.starts_at.astimezone(local))
        event.add("dtend", appointment.ends_at.astimezone(local))
        event.add("sequence", appointment.sequence)
        event.add("summary", _("%(client)s with %(whom)s", client=appointment.client.display_name,
                               whom=appointment.with_whom))
        how = str(MODE_LABELS.get(appointment.mode, appointment.mode))
        event.add("description", "\n".join(part for part in (
            _("How: %(how)s", how=how), appointment.note) if part))
        if appointment.location:
            event.add("location", appointment.location)
        event.add("status", "CANCELLED" if appointment.status == APPOINTMENT_CANCELLED
                  else "CONFIRMED")
        event.add("categories", [how])
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
