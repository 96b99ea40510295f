"""Reminders to clients: appointment and follow-up reminders through a pluggable sender (an
SMTP sender built in, SMS providers as plugins), only to clients who agreed, each recorded."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
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
from carebridge.i18n import _
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


class SmtpSender:
    """E-mail through the agency's SMTP server (``SMTP_HOST``/``SMTP_PORT``…)."""

    channel = EMAIL

    def send(self, message: OutgoingMessage) -> None:
        config = current_app.config
        email = EmailMessage()
        email["From"] = config.get("MAIL_FROM", "carebridge@localhost")
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(domain="carebridge.local")
        email.set_content(message.body)
        with smtplib.SMTP(config.get("SMTP_HOST", "localhost"), int(config.get("SMTP_PORT", 25)),
                          timeout=float(config.get("SMTP_TIMEOUT", 10))) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
            smtp.send_message(email)


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


def appointment_reminder(appointment: Appointment, zone) -> OutgoingMessage:
    starts = appointment.starts_at.astimezone(zone)
    body = _("Hello %(name)s,\n\nThis is a reminder of your appointment with %(whom)s on "
             "%(when)s (%(how)s)%(where)s.\n\nIf you cannot come, please call your care "
             "manager.\n", name=appointment.client.preferred_name or appointment.client.given_name,
             whom=appointment.with_whom, when=starts.strftime("%A %B %-d, %Y at %-I:%M %p"),
             how=str(MODE_LABELS.get(appointment.mode, appointment.mode)).lower(),
             where=(", " + appointment.location) if appointment.location else "")
    return OutgoingMessage(appointment.client.email,
                           _("Reminder: your appointment on %(day)s",
                             day=starts.strftime("%B %-d")), body)


def task_reminder(task) -> OutgoingMessage:
    """A reminder of something the client agreed to do by a date (a plan's task)."""
    body = _("Hello %(name)s,\n\nA reminder from your care plan: %(task)s, by %(day)s.\n\n"
             "If you need help with it, please call your care manager.\n",
             name=task.client.preferred_name or task.client.given_name, task=task.title,
             day=task.due.strftime("%A %B %-d, %Y"))
    return OutgoingMessage(task.client.email, _("Reminder: %(task)s", task=task.title[:80]),
                           body)


def send_reminder(session: Session, appointment: Appointment, *, user: User,
                  channel: str = EMAIL, via: str = "web") -> SentMessage:
    """Queue a reminder of ``appointment`` to its client: refused (409) unless the client
    agreed to ``channel`` and has an address; sent after the commit, the outcome recorded."""
    from carebridge.careplans.appointments import zone

    return _queue(session, appointment.client, appointment_reminder(appointment, zone()),
                  user=user, channel=channel, via=via, appointment_id=appointment.id)


def send_task_reminder(session: Session, task, *, user: User, channel: str = EMAIL,
                       via: str = "web") -> SentMessage:
    """Queue a follow-up reminder of a client's open task (the same consent rules)."""
    if task.client is None or not task.is_open or task.responsible != "client":
        raise Conflict(_("Only an open task the client does can be sent as a reminder."))
    return _queue(session, task.client, task_reminder(task), user=user, channel=channel,
                  via=via)


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
    sender = senders().get(record.channel)
    try:
        sender.send(OutgoingMessage(record.recipient, record.subject, record.body))
    except Exception as exc:  # a sender may fail in any way: record it, never crash the request
        record.status, record.error = FAILED, type(exc).__name__
        log.warning("reminder failed", extra={"message_id": record.id, "error": record.error})
    else:
        record.status, record.sent_at = SENT, utcnow()
        log.info("reminder sent", extra={"message_id": record.id})


def messages_of(session: Session, client: Client) -> list[SentMessage]:
    return list(session.scalars(select(SentMessage).where(SentMessage.client_id == client.id)
                                .order_by(SentMessage.created_at.desc())))
