"""Care plans, their goals and versions, and tasks as stored rows.

Shaped as FHIR's CarePlan / Goal / Task: a plan belongs to a client and was made from a
template (a definition of kind ``care_plan``); its goals and tasks are its own rows, which the
care manager edits; every change leaves a ``PlanVersion`` (the whole plan as it stood).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped

# A plan's life.
PLAN_ACTIVE = "active"
PLAN_CLOSED = "closed"
PLAN_STATUSES = (PLAN_ACTIVE, PLAN_CLOSED)

# A goal's life (FHIR Goal.lifecycleStatus / achievementStatus, kept to what workers say).
PROPOSED = "proposed"
ACTIVE = "active"
ACHIEVED = "achieved"
NOT_ACHIEVED = "not_achieved"
CANCELLED = "cancelled"
GOAL_STATUSES = (PROPOSED, ACTIVE, ACHIEVED, NOT_ACHIEVED, CANCELLED)

# A task's life.
TODO = "to_do"
IN_PROGRESS = "in_progress"
DONE = "done"
TASK_CANCELLED = "cancelled"
TASK_STATUSES = (TODO, IN_PROGRESS, DONE, TASK_CANCELLED)
OPEN_TASK_STATUSES = (TODO, IN_PROGRESS)

#: Who does a task (its ``owner`` is the worker who follows it up either way).
RESPONSIBLE = ("client", "care_manager", "partner", "family", "other")

# Where a task came from.
FROM_PLAN = "plan"
FROM_REASSESSMENT = "reassessment"
FROM_FLAG = "flag"
FROM_REFERRAL = "referral"
BY_HAND = "manual"
TASK_SOURCES = (FROM_PLAN, FROM_REASSESSMENT, FROM_FLAG, FROM_REFERRAL, BY_HAND)

# How a client signed the plan.
SIGNED_TYPED = "typed_name"
SIGNED_VERBAL = "verbal"
SIGNATURE_KINDS = (SIGNED_TYPED, SIGNED_VERBAL)


def new_id() -> str:
    return uuid.uuid4().hex


class CarePlan(TenantScoped, Base):
    """A client's plan: goals, tasks, a review date and the client's sign-off."""

    __tablename__ = "care_plans"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    #: The template it was made from (a definition of kind care_plan), pinned to its version.
    form_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("form_versions.id", ondelete="SET NULL"), nullable=True
    )
    template_slug: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default=PLAN_ACTIVE, index=True)
    start_date: Mapped[date] = mapped_column(Date)
    review_date: Mapped[date] = mapped_column(Date)
    what_matters: Mapped[str] = mapped_column(Text, default="")
    #: The need codes the plan addresses.
    needs: Mapped[list] = mapped_column(JSON, default=list)
    #: Re-assessments the plan schedules: ``[{"form", "every_days", "score"?, "at_least"?}]``.
    reassessments: Mapped[list] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=0)
    signed_by_name: Mapped[str] = mapped_column(String(200), default="")
    signature_kind: Mapped[str] = mapped_column(String(16), default="")
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: The version the client agreed to (a later change shows the plan as changed since).
    signed_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    signature_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    client = relationship("Client", lazy="joined")
    goals = relationship("Goal", back_populates="plan", order_by="Goal.position",
                         cascade="all, delete-orphan")
    tasks = relationship("Task", back_populates="plan", order_by=lambda: (Task.due, Task.id))
    versions = relationship("PlanVersion", order_by="PlanVersion.number.desc()",
                            cascade="all, delete-orphan")

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class Goal(TenantScoped, Base):
    """One goal of a plan: a measurable outcome and a target, with its progress notes."""

    __tablename__ = "care_plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[str] = mapped_column(
        ForeignKey("care_plans.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    need: Mapped[str] = mapped_column(String(64), default="")
    statement: Mapped[str] = mapped_column(Text)
    measurable_outcome: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[str] = mapped_column(String(300), default="")
    target_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    interventions: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=PROPOSED)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan = relationship(CarePlan, back_populates="goals")
    notes = relationship("GoalNote", order_by="GoalNote.at", cascade="all, delete-orphan")


class GoalNote(TenantScoped, Base):
    """A dated note of progress toward a goal."""

    __tablename__ = "care_plan_goal_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("care_plan_goals.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    user = relationship("User", lazy="joined")


class PlanVersion(TenantScoped, Base):
    """The whole plan as it stood after one change, with who changed it and what changed."""

    __tablename__ = "care_plan_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[str] = mapped_column(
        ForeignKey("care_plans.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(500))
    snapshot: Mapped[dict] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    user = relationship("User", lazy="joined")


class Task(TenantScoped, Base):
    """Something to do by a date: from a plan, a referral's follow-up, a flag to acknowledge or
    a re-assessment due. ``owner`` is the worker who sees it in "my tasks"."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), nullable=True, index=True
    )
    plan_id: Mapped[str | None] = mapped_column(
        ForeignKey("care_plans.id", ondelete="CASCADE"), nullable=True, index=True
    )
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("care_plan_goals.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[str] = mapped_column(String(16), default="care_manager")
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    due: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default=TODO, index=True)
    source: Mapped[str] = mapped_column(String(16), default=BY_HAND)
    #: What raised it: a form slug (re-assessment), a submission id (flag), a referral id.
    source_ref: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    plan = relationship(CarePlan, back_populates="tasks")
    client = relationship("Client", lazy="joined")
    owner = relationship("User", foreign_keys=[owner_id], lazy="joined")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES


# Appointments
IN_PERSON = "in_person"
PHONE = "phone"
VIDEO = "video"
APPOINTMENT_MODES = (IN_PERSON, PHONE, VIDEO)
SCHEDULED = "scheduled"
APPOINTMENT_CANCELLED = "cancelled"
APPOINTMENT_STATUSES = (SCHEDULED, APPOINTMENT_CANCELLED)


class Appointment(TenantScoped, Base):
    """A meeting for a client: with whom, where, when and how (in person, phone, video).

    ``id`` is the calendar event's UID, so a download is the same event every time; ``sequence``
    counts changes (iCalendar's SEQUENCE) so calendars take the newest."""

    __tablename__ = "appointments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    #: The worker whose calendar (feed) it is in.
    worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    with_whom: Mapped[str] = mapped_column(String(300))
    location: Mapped[str] = mapped_column(String(500), default="")
    mode: Mapped[str] = mapped_column(String(16), default=IN_PERSON)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=SCHEDULED)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    client = relationship("Client", lazy="joined")
    worker = relationship("User", foreign_keys=[worker_id], lazy="joined")
