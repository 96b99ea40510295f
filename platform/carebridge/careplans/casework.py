"""The conversation around a client as stored rows: case notes and their revisions, the care
team, handouts given, reminder consent and the messages sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped

# Case notes
PROGRESS = "progress"          # structured: discussed, assessment, plan
FREE = "free"                  # free text
CONTACT_ATTEMPT = "contact"    # a call or visit tried, with its outcome
NOTE_KINDS = (PROGRESS, FREE, CONTACT_ATTEMPT)
CONTACT_OUTCOMES = ("reached", "voicemail", "no_answer", "wrong_number", "other")
CONTACT_METHODS = ("phone", "in_person", "video", "email", "text")

# The care team
WORKER = "worker"
PROVIDER = "provider"
FAMILY = "family"
TEAM_KINDS = (WORKER, PROVIDER, FAMILY)
#: What the client's consent may let us tell a member of the team.
SHARE_TOPICS = ("appointments", "care_plan", "assessments", "referrals")

# Messages
SENT = "sent"
FAILED = "failed"
QUEUED = "queued"

# Scheduled reminders: what they remind of, which one, and their life.
OF_APPOINTMENT = "appointment"
OF_REFERRAL = "referral"
FIRST = "first"            # the agency's first appointment reminder (default 24 h before)
SECOND = "second"          # its optional second one (say 2 h before)
FOLLOW_UP = "follow_up"    # a referral's follow-up, the day(s) before it
REMINDER_KINDS = (FIRST, SECOND, FOLLOW_UP)
PENDING = "pending"        # waiting for its time
SENDING = "sending"        # claimed by one worker: no other sends it
DONE = "done"              # went out (each message's own outcome is on the client file)
SKIPPED = "skipped"        # not sent: no consent, no address, too late (``outcome`` says)
CANCELLED = "cancelled"    # the appointment was cancelled, the referral closed
REMINDER_STATUSES = (PENDING, SENDING, DONE, SKIPPED, CANCELLED)


class CaseNote(TenantScoped, Base):
    """A dated note on a client's case: structured, free, or a contact attempt; time spent."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    #: ``{"discussed", "assessment", "plan"}``, ``{"text"}`` or ``{"method", "outcome",
    #: "text"}`` by kind.
    content: Mapped[dict] = mapped_column(JSON)
    minutes_spent: Mapped[int] = mapped_column(Integer, default=0)
    contact_outcome: Mapped[str] = mapped_column(String(16), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Changed after the author's editing window: shown as amended, with its history.
    amended: Mapped[bool] = mapped_column(Boolean, default=False)

    author = relationship("User", lazy="joined")
    revisions = relationship("NoteRevision", order_by="NoteRevision.number",
                             cascade="all, delete-orphan")


class NoteRevision(TenantScoped, Base):
    """A note as it was before one change, with who changed it, when and why."""

    __tablename__ = "case_note_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(
        ForeignKey("case_notes.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    minutes_spent: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class CareTeamMember(TenantScoped, Base):
    """Someone on a client's care team: a worker of the agency with a role on the case, an
    outside provider or family; how to reach them and what consent lets us tell them."""

    __tablename__ = "care_team_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    organization: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    may_share: Mapped[list] = mapped_column(JSON, default=list)
    consent_note: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", lazy="joined")


class HandoutGiven(TenantScoped, Base):
    """A handout given to a client, in a language, by a worker."""

    __tablename__ = "handouts_given"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    handout: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(35))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class ReminderConsent(TenantScoped, Base):
    """Whether a client agreed to reminders, by which channel, recorded by whom and when."""

    __tablename__ = "reminder_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    agreed: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class SentMessage(TenantScoped, Base):
    """A reminder sent (or tried) to a client: to whom, by which channel, exactly what."""

    __tablename__ = "sent_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    appointment_id: Mapped[str | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL"), nullable=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    #: The scheduled reminder it was sent for (none: a worker sent it by hand).
    reminder_id: Mapped[int | None] = mapped_column(
        ForeignKey("scheduled_reminders.id", ondelete="SET NULL"), nullable=True, index=True
    )


class ScheduledReminder(TenantScoped, Base):
    """One reminder to a client, due at a time: of an appointment (``first``, ``second``) or
    of a referral's follow-up. One row per (subject, kind): the worker that moves it from
    ``pending`` to ``sending`` in the database is the only one that sends it."""

    __tablename__ = "scheduled_reminders"
    __table_args__ = (UniqueConstraint("subject", "subject_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    #: ``appointment`` or ``referral``, and that row's id.
    subject: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    #: Why it was skipped, cancelled or how it went ("sent by email", "no consent"…).
    outcome: Mapped[str] = mapped_column(String(300), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Care transitions
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
CLOSURE = "case_closure"


class Transition(TenantScoped, Base):
    """A care transition (hospital discharge, a move to another program or agency, closing the
    case): a checklist from a template, who receives the client, and when it was completed."""

    __tablename__ = "care_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS, index=True)
    #: ``[{"item", "done", "at", "by"}]`` from the kind's checklist template.
    checklist: Mapped[list] = mapped_column(JSON, default=list)
    receiving: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    #: Open tasks on completion: ``cancelled`` (closed) or handed over to ``handed_to_id``.
    tasks_outcome: Mapped[str] = mapped_column(String(16), default="")
    handed_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    client = relationship("Client", lazy="joined")
