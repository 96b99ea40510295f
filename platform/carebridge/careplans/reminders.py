"""Reminders to clients: appointment and follow-up reminders through a pluggable sender (an
SMTP sender built in, SMS providers as plugins), only to clients who agreed, each recorded."""

from __future__ import annotations

import logging
import os
import smtplib
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from babel.dates import format_date, format_time
from flask import current_app
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.app_state import app_state
from carebridge.auth.models import User
from carebridge.careplans.casework import FAILED, QUEUED, SENT, ReminderConsent, SentMessage
from carebridge.careplans.models import Appointment
from carebridge.careplans.wording import MODE_LABELS
from carebridge.clients.models import Client
from carebridge.db import utcnow
from carebridge.errors import Conflict, InvalidInput, Problem
from carebridge.i18n import _, in_persons_language
from carebridge.unit_of_work import after_commit

log = logging.getLogger(__name__)

EMAIL = "email"
SMS = "sms"
CHANNELS = (EMAIL, SMS)


@dataclass(frozen=True)
class OutgoingMessage:
    to: str
    subject: str
    body: str


class SendFailed(Exception):
    """A sender's refusal whose message is safe to keep on the record (no client data in it):
    "the gateway answered 400 (code 21211)". Other exceptions are recorded by name only."""


class SmtpSender:
    """E-mail through the agency's SMTP server (``SMTP_HOST``/``SMTP_PORT``…), or into the
    instance's outbox folder when there is none (``SMTP_HOST`` empty)."""

    channel = EMAIL

    def send(self, message: OutgoingMessage) -> None:
        config = current_app.config
        email = EmailMessage()
        email["From"] = config.get("MAIL_FROM", "carebridge@localhost")
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(domain="carebridge.local")
        email.set_content(message.body)
        if not config.get("SMTP_HOST"):
            self._write_to_outbox(email)
            return
        with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT", 25)),
                          timeout=float(config.get("SMTP_TIMEOUT", 10))) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
            smtp.send_message(email)

    @staticmethod
    def _write_to_outbox(email: EmailMessage) -> Path:
        """No SMTP server configured: keep the message as ``<instance>/outbox/<id>.eml``."""
        outbox = Path(current_app.instance_path) / "outbox"
        outbox.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = outbox / (email["Message-ID"].strip("<>").replace("/", "_") + ".eml")
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(email.as_bytes())
        return path


def senders() -> dict[str, object]:
    """The sender for each channel: a plugin's wins over the built-in one."""
    found: dict[str, object] = {}
    for answer in app_state().hook.register_message_senders():
        for sender in answer or []:
            if sender.channel not in found or not isinstance(sender, SmtpSender):
                found[sender.channel] = sender
    return found


def consents(session: Session, client: Client) -> dict[str, bool]:
    """The client's latest answer per channel (no answer: not agreed)."""
    rows = session.scalars(select(ReminderConsent).where(ReminderConsent.client_id == client.id)
                           .order_by(ReminderConsent.at, ReminderConsent.id))
    return {row.channel: row.agreed for row in rows}


def record_consent(session: Session, client: Client, channel: str, agreed: bool, *,
                   user: User, via: str = "web") -> ReminderConsent:
    if channel not in CHANNELS:
        raise InvalidInput(_("Unknown channel."), [Problem("/channel", _("Choose e-mail or SMS."))])
    row = ReminderConsent(client_id=client.id, channel=channel, agreed=bool(agreed),
                          user_id=user.id)
    row.agency_id = client.agency_id
    session.add(row)
    audit.record(session, audit.UPDATE, client, user_id=user.id, via=via,
                 detail={"reminder_consent": channel, "agreed": bool(agreed)})
    return row


def address(client: Client, channel: str) -> str:
    """Where a message by ``channel`` goes: the client's e-mail or phone ("" when none)."""
    return (client.email if channel == EMAIL else client.phone) or ""


def in_clients_language(client: Client):
    """A block where text and dates are the client's language (the agency's first language
    when the client's is not offered), whoever sends: a message reaches the client."""
    return in_persons_language(client.preferred_language)


def _day(moment: datetime | date) -> str:
    """A day as the reader's language writes it in full (Tuesday, March 3, 2026)."""
    return format_date(moment, "full", locale=get_locale())


def _time(moment: datetime) -> str:
    return format_time(moment, "short", tzinfo=moment.tzinfo, locale=get_locale())


def appointment_reminder(appointment: Appointment, zone) -> OutgoingMessage:
    starts = appointment.starts_at.astimezone(zone)
    body = _("Hello %(name)s,\n\nThis is a reminder of your appointment with %(whom)s on "
             "%(when)s (%(how)s)%(where)s.\n\nIf you cannot come, please call your care "
             "manager.\n", name=appointment.client.preferred_name or appointment.client.given_name,
             whom=appointment.with_whom,
             when=_("%(day)s at %(time)s", day=_day(starts), time=_time(starts)),
             how=str(MODE_LABELS.get(appointment.mode, appointment.mode)).lower(),
             where=(", " + appointment.location) if appointment.location else "")
    return OutgoingMessage(appointment.client.email,
                           _("Reminder: your appointment on %(day)s",
                             day=format_date(starts, "long", locale=get_locale())), body)


def follow_up_reminder(referral, client: Client) -> OutgoingMessage:
    """A reminder of a referral: whom to contact, and the day the care manager will call."""
    service = referral.service or {}
    phones = service.get("phones") or []
    how = _("Their phone: %(phone)s.", phone=phones[0]) if phones else ""
    if service.get("address"):
        how = (how + " " if how else "") + _("Their address: %(address)s.",
                                            address=service["address"])
    body = _("Hello %(name)s,\n\nWe referred you to %(service)s. If you have not been in touch "
             "with them yet, please do. %(how)s\n\nWe will call you on %(day)s to ask how it "
             "went.\n", name=client.preferred_name or client.given_name,
             service=service.get("name") or "", how=how, day=_day(referral.follow_up_on))
    return OutgoingMessage(client.email, _("Reminder: your referral to %(service)s",
                                           service=(service.get("name") or "")[:200]), body)


def task_reminder(task) -> OutgoingMessage:
    """A reminder of something the client agreed to do by a date (a plan's task)."""
    body = _("Hello %(name)s,\n\nA reminder from your care plan: %(task)s, by %(day)s.\n\n"
             "If you need help with it, please call your care manager.\n",
             name=task.client.preferred_name or task.client.given_name, task=task.title,
             day=_day(task.due))
    return OutgoingMessage(task.client.email, _("Reminder: %(task)s", task=task.title[:80]),
                           body)


def send_reminder(session: Session, appointment: Appointment, *, user: User,
                  channel: str = EMAIL, via: str = "web") -> SentMessage:
    """Queue a reminder of ``appointment`` to its client: refused (409) unless the client
    agreed to ``channel`` and has an address; sent after the commit, the outcome recorded."""
    from carebridge.careplans.appointments import zone

    with in_clients_language(appointment.client):
        message = appointment_reminder(appointment, zone())
    return _queue(session, appointment.client, message, user=user, channel=channel, via=via,
                  appointment_id=appointment.id)


def send_task_reminder(session: Session, task, *, user: User, channel: str = EMAIL,
                       via: str = "web") -> SentMessage:
    """Queue a follow-up reminder of a client's open task (the same consent rules)."""
    if task.client is None or not task.is_open or task.responsible != "client":
        raise Conflict(_("Only an open task the client does can be sent as a reminder."))
    with in_clients_language(task.client):
        message = task_reminder(task)
    return _queue(session, task.client, message, user=user, channel=channel, via=via)


def _queue(session: Session, client: Client, message: OutgoingMessage, *, user: User,
           channel: str, via: str, appointment_id: str | None = None) -> SentMessage:
    if not consents(session, client).get(channel):
        raise Conflict(_("The client has not agreed to reminders by %(channel)s.",
                         channel=channel))
    if channel not in senders():
        raise Conflict(_("No sender for %(channel)s is installed.", channel=channel))
    recipient = client.email if channel == EMAIL else client.phone
    if not recipient:
        raise Conflict(_("The client has no address for %(channel)s.", channel=channel))
    record = SentMessage(client_id=client.id, appointment_id=appointment_id, channel=channel,
                         recipient=recipient, subject=message.subject, body=message.body,
                         status=QUEUED, user_id=user.id)
    record.agency_id = client.agency_id
    session.add(record)
    session.flush()
    audit.record(session, audit.CREATE, record, user_id=user.id, via=via)
    # Nothing leaves before the request's work is committed (a rolled-back request sends none).
    after_commit(session, deliver, session, record.id)
    return record


def deliver(session: Session, message_id: int) -> None:
    """Send a queued message with its channel's sender and record what happened."""
    record = session.get(SentMessage, message_id)
    if record is None or record.status != QUEUED:
        return
    send_now(record)


def send_now(record: SentMessage) -> None:
    """Hand a queued message to its channel's sender; record sent or failed (never raises)."""
    sender = senders().get(record.channel)
    try:
        if sender is None:
            raise LookupError(f"no sender for {record.channel}")
        sender.send(OutgoingMessage(record.recipient, record.subject, record.body))
    except Exception as exc:  # a sender may fail in any way: record it, never crash the request
        record.status = FAILED
        record.error = (f"{type(exc).__name__}: {exc}" if isinstance(exc, SendFailed)
                        else type(exc).__name__)[:500]
        log.warning("reminder failed", extra={"message_id": record.id, "error": record.error})
    else:
        record.status, record.sent_at = SENT, utcnow()
        log.info("reminder sent", extra={"message_id": record.id})


def messages_of(session: Session, client: Client) -> list[SentMessage]:
    return list(session.scalars(select(SentMessage).where(SentMessage.client_id == client.id)
                                .order_by(SentMessage.created_at.desc())))
