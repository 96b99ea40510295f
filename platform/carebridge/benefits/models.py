"""Benefits as stored rows: an agency's own programs, where each program is applied for, and
the screenings kept on a client's file."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped

WORKING = "working"
DONE = "done"


def new_id() -> str:
    return uuid.uuid4().hex


class BenefitProgram(TenantScoped, Base):
    """One agency program (a rental fund, a food bank's income limit): its definition as the
    API takes it (``carebridge.benefits.programs.PROGRAM_SCHEMA``), checked on every save."""

    __tablename__ = "benefit_programs"
    __table_args__ = (UniqueConstraint("agency_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The program's id in the API and in results ("emergency-rental-assistance").
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict] = mapped_column(JSON)
    #: A digest of the document: results carry it as their rules version.
    version: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class ApplyPlace(TenantScoped, Base):
    """Where to apply for a program (any engine's: ``snap``, or an agency program's slug): the
    directory services an agency names, and the taxonomy terms and words that find more."""

    __tablename__ = "benefit_apply_places"
    __table_args__ = (UniqueConstraint("agency_id", "program_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    #: Directory service ids that take applications or help with them, in the agency's order.
    services: Mapped[list] = mapped_column(JSON, default=list)
    #: Taxonomy term names ("Food Benefits") and phrases ("CalFresh") matched near the client.
    categories: Mapped[list] = mapped_column(JSON, default=list)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    #: The needs-vocabulary code a "will apply" becomes on the client's file ("food").
    need_code: Mapped[str] = mapped_column(String(64), default="financial")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class BenefitScreening(TenantScoped, Base):
    """One screening of a household: its facts, every engine's results, the rules versions and
    poverty guideline year used, and who ran it when. ``client_id`` is None for a screening the
    API ran for nobody in particular."""

    __tablename__ = "benefit_screenings"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    client_id: Mapped[str | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), nullable=True, index=True
    )
    #: The canonical household (``Household.to_dict``) and a digest of it with the month.
    household: Mapped[dict] = mapped_column(JSON)
    household_key: Mapped[str] = mapped_column(String(64), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    #: ``{engine id: rules version}`` when it ran, and one digest of them (the cache key).
    engines: Mapped[dict] = mapped_column(JSON, default=dict)
    rules_version: Mapped[str] = mapped_column(String(64))
    poverty_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=WORKING, index=True)
    #: ``carebridge.benefits.screening.Screening.as_dict()`` without the household.
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The intake submission the facts were first taken from, if any.
    submission_id: Mapped[str | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    created_by = relationship("User", lazy="joined")

    @property
    def is_working(self) -> bool:
        return self.status == WORKING
