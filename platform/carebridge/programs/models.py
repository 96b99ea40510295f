"""An agency's programs and its clients' enrolments in them, as stored rows.

A ``Program`` is what an agency runs ("Housing stability", "Behavioral health"); an
``Enrolment`` is one stay of one client in one program — FHIR's EpisodeOfCare: ``program`` is
its ``type``, ``start_date``/``end_date`` its ``period``, its status (planned, active,
finished) follows from the dates. A client may be in several programs at once and in one
program more than once; an exit closes an enrolment, which is kept (the history is the record).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped

# An enrolment's status, named as EpisodeOfCare.status names them.
PLANNED = "planned"
ACTIVE = "active"
FINISHED = "finished"


class Program(TenantScoped, Base):
    """A program an agency runs; an inactive one takes no new enrolments but keeps its own."""

    __tablename__ = "programs"
    __table_args__ = (UniqueConstraint("agency_id", "code", name="uq_program_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A short code for reports and the API ("housing").
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Enrolment(TenantScoped, Base):
    """One client's stay in one program: from ``start_date`` to ``end_date`` (open while it is
    None), why it ended, and who enrolled and exited the client."""

    __tablename__ = "program_enrolments"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    exit_reason: Mapped[str] = mapped_column(String(500), default="")
    enrolled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    exited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    exited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    program = relationship(Program, lazy="joined")
    enrolled_by = relationship("User", foreign_keys=[enrolled_by_id], lazy="joined")
    exited_by = relationship("User", foreign_keys=[exited_by_id], lazy="joined")

    def status(self, day: date) -> str:
        """planned, active or finished on ``day`` (EpisodeOfCare.status)."""
        if self.start_date > day:
            return PLANNED
        if self.end_date is not None and self.end_date <= day:
            return FINISHED
        return ACTIVE

    @property
    def is_open(self) -> bool:
        return self.end_date is None
